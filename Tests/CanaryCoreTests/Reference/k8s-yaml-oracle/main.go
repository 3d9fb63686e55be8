// k8s-yaml-oracle turns YAML documents into what a ServiceSplitter becomes on its way
// through Kubernetes, for canarytop's differential tests
// (Tests/CanaryCoreTests/Kubernetes/ManifestReferenceTests.swift).
//
// For each case of {"cases": [{"name", "text"}]} on stdin (one YAML document each) it:
// converts the YAML to JSON with sigs.k8s.io/yaml (what kubectl sends for a manifest);
// reads that JSON as the API server keeps a custom resource (integers as int64, other numbers
// as float64) and writes it back; decodes the result case-sensitively into a type shaped like
// consul-k8s' ServiceSplitter (weight float32), as the controller and its webhook do; and
// adds the weights up in float32, left to right, as the webhook does.
// It prints, per case, the JSON (or the conversion error), the float32 weights as bit
// patterns, and the webhook's sum as %f.
//
// Build in GOPATH mode against Debian's libraries (no module download):
//
//	GO111MODULE=off GOPATH=$TMP:/usr/share/gocode go build -o k8s-yaml-oracle main.go
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"

	k8sjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

type Case struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type Answer struct {
	Name string `json:"name"`
	// The JSON kubectl would send, after the API server's int64/float64 round trip.
	JSON  *string `json:"json,omitempty"`
	Error *string `json:"error,omitempty"`
	// The splits' float32 weights (math.Float32bits), when the JSON decodes into the type.
	Weights     []uint32 `json:"weights,omitempty"`
	DecodeError *string  `json:"decodeError,omitempty"`
	// The webhook's float32 sum, printed with %f.
	Sum *string `json:"sum,omitempty"`
}

type ServiceSplit struct {
	Weight float32 `json:"weight,omitempty"`
}

type ServiceSplitter struct {
	Spec struct {
		Splits []ServiceSplit `json:"splits,omitempty"`
	} `json:"spec,omitempty"`
}

func answer(c Case) Answer {
	a := Answer{Name: c.Name}
	converted, err := yaml.YAMLToJSON([]byte(c.Text))
	if err != nil {
		msg := err.Error()
		a.Error = &msg
		return a
	}
	// The API server's view of a custom resource: ints stay int64, other numbers float64.
	decoder := json.NewDecoder(bytes.NewReader(converted))
	decoder.UseNumber()
	var object interface{}
	if err := decoder.Decode(&object); err != nil {
		msg := err.Error()
		a.Error = &msg
		return a
	}
	object = settle(object)
	stored, err := json.Marshal(object)
	if err != nil {
		msg := err.Error()
		a.Error = &msg
		return a
	}
	text := string(stored)
	a.JSON = &text
	var splitter ServiceSplitter
	if err := k8sjson.UnmarshalCaseSensitivePreserveInts(stored, &splitter); err != nil {
		msg := err.Error()
		a.DecodeError = &msg
		return a
	}
	sum := float32(0)
	a.Weights = []uint32{}
	for _, split := range splitter.Spec.Splits {
		a.Weights = append(a.Weights, math.Float32bits(split.Weight))
		sum += split.Weight
	}
	s := fmt.Sprintf("%f", sum)
	a.Sum = &s
	return a
}

// settle turns json.Numbers into int64 where they are integers, float64 otherwise.
func settle(value interface{}) interface{} {
	switch v := value.(type) {
	case map[string]interface{}:
		for key, element := range v {
			v[key] = settle(element)
		}
		return v
	case []interface{}:
		for i, element := range v {
			v[i] = settle(element)
		}
		return v
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	default:
		return v
	}
}

func main() {
	var input struct {
		Cases []Case `json:"cases"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	output := struct {
		Oracle  string   `json:"oracle"`
		Answers []Answer `json:"answers"`
	}{Oracle: "sigs.k8s.io/yaml (gopkg.in/yaml.v2) + sigs.k8s.io/json, " + runtime.Version()}
	for _, c := range input.Cases {
		output.Answers = append(output.Answers, answer(c))
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(output); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
