// hcl-oracle decodes service-splitter and service-resolver files the way
// `consul config write` does, for canarytop's differential tests
// (Tests/CanaryCoreTests/Splitter/ConfigReferenceTests.swift).
//
// For each file of {"files": [{"name", "text"}]} on stdin it: picks HCL v1 or JSON as the
// CLI does (JSON when the first non-space character is `{`); decodes into a generic map
// (hcl.Decode / json.Unmarshal); decodes that into types shaped like Consul's api package
// with mapstructure, weakly typed, through decode hooks that behave like Consul's
// lib/decode ones (one-element lists unwrapped, snake_case aliases translated); refuses
// unused keys as the CLI does; then runs the server's checks canarytop also makes (Name,
// splits, duplicate destinations, weight sum; subset names, DefaultSubset; subset filters
// are the filter oracle's business).
// It prints, per file, what was decoded or why it was refused.
//
// Build in GOPATH mode against Debian's libraries (no module download):
//
//	GO111MODULE=off GOPATH=$TMP:/usr/share/gocode go build -o hcl-oracle main.go
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl"
	"github.com/mitchellh/mapstructure"
)

// Types shaped like github.com/hashicorp/consul/api's (field names, Go types, alias tags).

type ServiceSplitterConfigEntry struct {
	Kind        string
	Name        string
	Partition   string
	Namespace   string
	Splits      []ServiceSplit
	Meta        map[string]string
	CreateIndex uint64
	ModifyIndex uint64
}

type ServiceSplit struct {
	Weight          float32
	Service         string
	ServiceSubset   string `alias:"service_subset"`
	Namespace       string
	Partition       string
	RequestHeaders  *HTTPHeaderModifiers `alias:"request_headers"`
	ResponseHeaders *HTTPHeaderModifiers `alias:"response_headers"`
}

type HTTPHeaderModifiers struct {
	Add    map[string]string
	Set    map[string]string
	Remove []string
}

type ServiceResolverConfigEntry struct {
	Kind                 string
	Name                 string
	Partition            string
	Namespace            string
	DefaultSubset        string `alias:"default_subset"`
	Subsets              map[string]ServiceResolverSubset
	Redirect             *ServiceResolverRedirect
	Failover             map[string]ServiceResolverFailover
	ConnectTimeout       time.Duration                        `alias:"connect_timeout"`
	RequestTimeout       time.Duration                        `alias:"request_timeout"`
	PrioritizeByLocality *ServiceResolverPrioritizeByLocality `alias:"prioritize_by_locality"`
	LoadBalancer         *LoadBalancer                        `alias:"load_balancer"`
	Meta                 map[string]string
	CreateIndex          uint64
	ModifyIndex          uint64
}

type ServiceResolverSubset struct {
	Filter      string
	OnlyPassing bool `alias:"only_passing"`
}

type ServiceResolverRedirect struct {
	Service       string
	ServiceSubset string `alias:"service_subset"`
	Namespace     string
	Partition     string
	Datacenter    string
	Peer          string
	SamenessGroup string `alias:"sameness_group"`
}

type ServiceResolverFailover struct {
	Service       string
	ServiceSubset string `alias:"service_subset"`
	Namespace     string
	Datacenters   []string
	Targets       []ServiceResolverFailoverTarget
	Policy        *ServiceResolverFailoverPolicy
	SamenessGroup string `alias:"sameness_group"`
}

type ServiceResolverFailoverTarget struct {
	Service       string
	ServiceSubset string `alias:"service_subset"`
	Partition     string
	Namespace     string
	Datacenter    string
	Peer          string
}

type ServiceResolverFailoverPolicy struct {
	Mode    string
	Regions []string
}

type ServiceResolverPrioritizeByLocality struct {
	Mode string
}

type LoadBalancer struct {
	Policy             string
	RingHashConfig     *RingHashConfig     `alias:"ring_hash_config"`
	LeastRequestConfig *LeastRequestConfig `alias:"least_request_config"`
	HashPolicies       []HashPolicy        `alias:"hash_policies"`
}

type RingHashConfig struct {
	MinimumRingSize uint64 `alias:"minimum_ring_size"`
	MaximumRingSize uint64 `alias:"maximum_ring_size"`
}

type LeastRequestConfig struct {
	ChoiceCount uint32 `alias:"choice_count"`
}

type HashPolicy struct {
	Field        string
	FieldValue   string        `alias:"field_value"`
	CookieConfig *CookieConfig `alias:"cookie_config"`
	SourceIP     bool          `alias:"source_ip"`
	Terminal     bool
}

type CookieConfig struct {
	Session bool
	TTL     time.Duration
	Path    string
}

// Decode hooks with the behaviour of Consul's lib/decode (written for this program).

var emptyInterface = reflect.TypeOf((*interface{})(nil)).Elem()

// unwrapSingleElementLists: HCL writes a block as a one-element list of maps; where the
// target is not a list, use the element (and, for an untyped target, do the same inside).
func unwrapSingleElementLists(from, to reflect.Type, data interface{}) (interface{}, error) {
	if from.Kind() == reflect.Slice && (to.Kind() == reflect.Slice || to.Kind() == reflect.Array) {
		return data, nil
	}
	var only interface{}
	switch list := data.(type) {
	case []map[string]interface{}:
		if len(list) != 1 {
			return data, nil
		}
		only = list[0]
	case []interface{}:
		if len(list) != 1 {
			return data, nil
		}
		only = list[0]
	default:
		return data, nil
	}
	if to == emptyInterface {
		unwrapInside(reflect.ValueOf(only))
	}
	return only, nil
}

// unwrapInside replaces, in every map reachable from v, a value that is a one-element list
// by its element when the map can hold it.
func unwrapInside(v reflect.Value) {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Ptr {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map:
		for _, key := range v.MapKeys() {
			value := v.MapIndex(key)
			unwrapInside(value)
			inner := value
			if inner.Kind() == reflect.Interface && !inner.IsNil() {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Slice && inner.Len() == 1 {
				first := inner.Index(0)
				if first.Type().AssignableTo(v.Type().Elem()) {
					v.SetMapIndex(key, first)
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			unwrapInside(v.Index(i))
		}
	}
}

// translateAliases: a key spelled as a field's alias (service_subset) is moved to the
// field's lowercased name, unless that name is also present.
func translateAliases(_, to reflect.Type, data interface{}) (interface{}, error) {
	if to.Kind() != reflect.Struct {
		return data, nil
	}
	source, ok := data.(map[string]interface{})
	if !ok {
		return data, nil
	}
	aliases := map[string]string{}
	for i := 0; i < to.NumField(); i++ {
		field := to.Field(i)
		if tag, ok := field.Tag.Lookup("alias"); ok {
			for _, alias := range strings.Split(tag, ",") {
				aliases[strings.ToLower(alias)] = strings.ToLower(field.Name)
			}
		}
	}
	if len(aliases) == 0 {
		return data, nil
	}
	result := make(map[string]interface{}, len(source))
	for key, value := range source {
		canonical, ok := aliases[strings.ToLower(key)]
		if !ok {
			result[key] = value
			continue
		}
		if present, ok := source[canonical]; ok {
			result[canonical] = present
			continue
		}
		result[canonical] = value
	}
	return result, nil
}

// The CLI's reading of the file.

func looksLikeHCL(text string) bool {
	for _, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		return r != '{'
	}
	return true
}

func decodeEntry(text string) (interface{}, error) {
	var raw map[string]interface{}
	var err error
	if looksLikeHCL(text) {
		err = hcl.Decode(&raw, text)
	} else {
		err = json.Unmarshal([]byte(text), &raw)
	}
	if err != nil {
		return nil, fmt.Errorf("Failed to decode config entry input: %v", err)
	}
	kind, ok := raw["Kind"]
	if !ok {
		kind, ok = raw["kind"]
	}
	if !ok {
		return nil, fmt.Errorf("Payload does not contain a kind/Kind key at the top level")
	}
	kindText, ok := kind.(string)
	if !ok {
		return nil, fmt.Errorf("Kind value in payload is not a string")
	}
	var entry interface{}
	switch kindText {
	case "service-splitter":
		entry = &ServiceSplitterConfigEntry{}
	case "service-resolver":
		entry = &ServiceResolverConfigEntry{}
	default:
		return nil, fmt.Errorf("invalid config entry kind: %s", kindText)
	}
	var md mapstructure.Metadata
	decoder, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook: mapstructure.ComposeDecodeHookFunc(
			unwrapSingleElementLists,
			translateAliases,
			mapstructure.StringToTimeDurationHookFunc(),
			mapstructure.StringToTimeHookFunc(time.RFC3339),
		),
		Metadata:         &md,
		Result:           entry,
		WeaklyTypedInput: true,
	})
	if err != nil {
		return nil, err
	}
	if err := decoder.Decode(raw); err != nil {
		return nil, err
	}
	var unused []string
	for _, key := range md.Unused {
		if strings.ToLower(key) != "kind" {
			unused = append(unused, sameFieldName(key, md.Keys, raw))
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return nil, fmt.Errorf("invalid config key %q", unused[0])
	}
	return entry, nil
}

// sameFieldName names an unused key deterministically. Two spellings of one field that both
// differ from the field's own name (`weight` and `WEIGHT` for Weight) match it only
// case-insensitively; mapstructure takes whichever it meets first in Go's random map order and
// reports the other as unused, so Consul names either one. The oracle then names the first of
// the spellings in sorted order. When one spelling is the field's own name, mapstructure always
// takes that one, and the unused key is reported as it is. `used` holds the decoded fields'
// paths (field names), `raw` the input as decoded from HCL or JSON.
func sameFieldName(unused string, used []string, raw map[string]interface{}) string {
	spellings := map[string][]string{}
	collectSpellings(raw, "", spellings)
	group := spellings[strings.ToLower(unused)]
	if len(group) < 2 {
		return unused
	}
	for _, field := range used {
		if strings.EqualFold(field, unused) {
			for _, spelling := range group {
				if spelling == lastSegment(field) {
					return unused
				}
			}
		}
	}
	sort.Strings(group)
	return unused[:len(unused)-len(lastSegment(unused))] + group[0]
}

// collectSpellings records, for every key path in lower case, the spellings of its last segment.
func collectSpellings(value interface{}, prefix string, into map[string][]string) {
	switch v := value.(type) {
	case map[string]interface{}:
		for key, inner := range v {
			path := key
			if prefix != "" {
				path = prefix + "." + key
			}
			into[strings.ToLower(path)] = append(into[strings.ToLower(path)], key)
			collectSpellings(inner, path, into)
		}
	case []map[string]interface{}:
		for i, inner := range v {
			collectSpellings(inner, fmt.Sprintf("%s[%d]", prefix, i), into)
		}
	case []interface{}:
		for i, inner := range v {
			collectSpellings(inner, fmt.Sprintf("%s[%d]", prefix, i), into)
		}
	}
}

func lastSegment(key string) string {
	if i := strings.LastIndex(key, "."); i >= 0 {
		key = key[i+1:]
	}
	return key
}

// The server's checks that canarytop also makes.

func scaled(weight float32) int { return int(math.Round(float64(weight * 100.0))) }

func checkSplitter(e *ServiceSplitterConfigEntry) error {
	if e.Name == "" {
		return fmt.Errorf("Name is required")
	}
	if len(e.Splits) == 0 {
		return fmt.Errorf("no splits configured")
	}
	seen := map[[4]string]bool{}
	sum := 0
	for _, split := range e.Splits {
		service := split.Service
		if service == "" {
			service = e.Name
		}
		key := [4]string{service, split.ServiceSubset, split.Namespace, split.Partition}
		if seen[key] {
			return fmt.Errorf("split destination occurs more than once: service=%q, subset=%q, namespace=%q, partition=%q",
				key[0], key[1], key[2], key[3])
		}
		seen[key] = true
		sum += scaled(split.Weight)
	}
	if sum != 10000 {
		return fmt.Errorf("the sum of all split weights must be 100, not %f", float32(sum)/100)
	}
	return nil
}

var subsetName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

func checkResolver(e *ServiceResolverConfigEntry) error {
	if e.Name == "" {
		return fmt.Errorf("Name is required")
	}
	names := make([]string, 0, len(e.Subsets))
	for name := range e.Subsets {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "" {
			return fmt.Errorf("Subset defined with empty name")
		}
		if len(name) > 63 || !subsetName.MatchString(name) {
			return fmt.Errorf("Subset %q is invalid", name)
		}
	}
	if e.DefaultSubset != "" {
		if _, ok := e.Subsets[e.DefaultSubset]; !ok {
			return fmt.Errorf("DefaultSubset %q is not a valid subset", e.DefaultSubset)
		}
	}
	return nil
}

// Output.

type file struct {
	Name string
	Text string
}

type split struct {
	Weight          string       `json:"weight"`
	Hundredths      int          `json:"hundredths"`
	Service         string       `json:"service"`
	ServiceSubset   string       `json:"serviceSubset"`
	Namespace       string       `json:"namespace"`
	Partition       string       `json:"partition"`
	RequestHeaders  *headerReply `json:"requestHeaders,omitempty"`
	ResponseHeaders *headerReply `json:"responseHeaders,omitempty"`
}

type headerReply struct {
	Add    map[string]string `json:"add"`
	Set    map[string]string `json:"set"`
	Remove []string          `json:"remove"`
}

type subset struct {
	Name        string `json:"name"`
	Filter      string `json:"filter"`
	OnlyPassing bool   `json:"onlyPassing"`
}

type decoded struct {
	Kind          string            `json:"kind"`
	Name          string            `json:"name"`
	Namespace     string            `json:"namespace"`
	Partition     string            `json:"partition"`
	Meta          map[string]string `json:"meta"`
	Splits        []split           `json:"splits,omitempty"`
	DefaultSubset string            `json:"defaultSubset,omitempty"`
	Subsets       []subset          `json:"subsets,omitempty"`
}

type reply struct {
	Name string `json:"name"`
	// Refused: the CLI stops before sending (decoding).
	Refused string `json:"refused,omitempty"`
	// Entry: what was decoded; Invalid: what the server then refuses (empty: written).
	Entry   *decoded `json:"entry,omitempty"`
	Invalid string   `json:"invalid,omitempty"`
}

func headers(h *HTTPHeaderModifiers) *headerReply {
	if h == nil {
		return nil
	}
	r := &headerReply{Add: h.Add, Set: h.Set, Remove: h.Remove}
	if r.Add == nil {
		r.Add = map[string]string{}
	}
	if r.Set == nil {
		r.Set = map[string]string{}
	}
	if r.Remove == nil {
		r.Remove = []string{}
	}
	return r
}

func answer(f file) reply {
	r := reply{Name: f.Name}
	if !utf8.ValidString(f.Text) {
		r.Refused = "not UTF-8"
		return r
	}
	entry, err := decodeEntry(f.Text)
	if err != nil {
		r.Refused = err.Error()
		return r
	}
	switch e := entry.(type) {
	case *ServiceSplitterConfigEntry:
		d := &decoded{Kind: e.Kind, Name: e.Name, Namespace: e.Namespace, Partition: e.Partition, Meta: e.Meta, Splits: []split{}}
		for _, s := range e.Splits {
			d.Splits = append(d.Splits, split{
				Weight: strconv.FormatFloat(float64(s.Weight), 'g', -1, 32), Hundredths: scaled(s.Weight),
				Service: s.Service, ServiceSubset: s.ServiceSubset, Namespace: s.Namespace, Partition: s.Partition,
				RequestHeaders: headers(s.RequestHeaders), ResponseHeaders: headers(s.ResponseHeaders),
			})
		}
		r.Entry = d
		if err := checkSplitter(e); err != nil {
			r.Invalid = err.Error()
		}
	case *ServiceResolverConfigEntry:
		d := &decoded{Kind: e.Kind, Name: e.Name, Namespace: e.Namespace, Partition: e.Partition, Meta: e.Meta,
			DefaultSubset: e.DefaultSubset, Subsets: []subset{}}
		for name, s := range e.Subsets {
			d.Subsets = append(d.Subsets, subset{Name: name, Filter: s.Filter, OnlyPassing: s.OnlyPassing})
		}
		sort.Slice(d.Subsets, func(i, j int) bool { return d.Subsets[i].Name < d.Subsets[j].Name })
		r.Entry = d
		if err := checkResolver(e); err != nil {
			r.Invalid = err.Error()
		}
	}
	if r.Entry != nil && r.Entry.Meta == nil {
		r.Entry.Meta = map[string]string{}
	}
	return r
}

func main() {
	var in struct{ Files []file }
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "hcl-oracle: reading input:", err)
		os.Exit(2)
	}
	out := struct {
		Oracle  string  `json:"oracle"`
		Answers []reply `json:"answers"`
	}{Oracle: "hashicorp/hcl 1.0.0 + mapstructure 1.5.0 (Debian), " + runtime.Version()}
	for _, f := range in.Files {
		out.Answers = append(out.Answers, answer(f))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "hcl-oracle:", err)
		os.Exit(2)
	}
}
