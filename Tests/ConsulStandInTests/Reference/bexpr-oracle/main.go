// bexpr-oracle evaluates filter expressions the way Consul does, for canarytop's
// differential tests (Tests/ConsulStandInTests/FilterReferenceTests.swift).
//
// It reads {"entries": [...], "filters": [...]} on stdin: entries are the stand-in's own
// GET /v1/health/service/<name> reply, decoded into types shaped like Consul's
// structs.CheckServiceNode (same field names and Go kinds, so go-bexpr derives the same
// selectors and coercions). For each filter it prints what the health endpoint would select
// (bexpr.CreateFilter over the slice, as agent/consul/health_endpoint.go does) and whether a
// resolver subset with that filter is accepted (bexpr.CreateEvaluator(filter, nil): parse
// only, as ServiceResolverConfigEntry.Validate does).
//
// Build in GOPATH mode against Debian's libraries (no module download):
//
//	GO111MODULE=off GOPATH=$TMP:/usr/share/gocode go build -o bexpr-oracle main.go
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"

	bexpr "github.com/hashicorp/go-bexpr"
)

// The types below mirror the filterable part of Consul's agent/structs types; fields that
// Consul hides from bexpr (`bexpr:"-"`: RaftIndex, EnterpriseMeta, Locality, Config maps,
// Definition, SidecarService, …) are left out, which leaves the same field configuration.

type CheckServiceNode struct {
	Node    *Node
	Service *NodeService
	Checks  HealthChecks
}

type HealthChecks []*HealthCheck

type Node struct {
	ID              string
	Node            string
	Address         string
	Datacenter      string
	Partition       string
	PeerName        string
	TaggedAddresses map[string]string
	Meta            map[string]string
}

type NodeService struct {
	Kind              string
	ID                string
	Service           string
	Tags              []string
	Address           string
	TaggedAddresses   map[string]ServiceAddress
	Meta              map[string]string
	Port              int
	SocketPath        string
	Weights           *Weights
	EnableTagOverride bool
	Proxy             ConnectProxyConfig
	Connect           ServiceConnect
	PeerName          string
}

type ServiceAddress struct {
	Address string
	Port    int
}

type Weights struct {
	Passing int
	Warning int
}

type ServiceConnect struct {
	Native bool
}

type ConnectProxyConfig struct {
	EnvoyExtensions        []EnvoyExtension
	DestinationServiceName string
	DestinationServiceID   string
	LocalServiceAddress    string
	LocalServicePort       int
	LocalServiceSocketPath string
	Mode                   string
	Upstreams              []Upstream
	MeshGateway            MeshGatewayConfig
	Expose                 ExposeConfig
	TransparentProxy       TransparentProxyConfig
	AccessLogs             AccessLogsConfig
}

type EnvoyExtension struct {
	Name          string
	Required      bool
	ConsulVersion string
	EnvoyVersion  string
}

type Upstream struct {
	DestinationType      string
	DestinationNamespace string
	DestinationPartition string
	DestinationPeer      string
	DestinationName      string
	Datacenter           string
	LocalBindAddress     string
	LocalBindPort        int
	LocalBindSocketPath  string
	LocalBindSocketMode  string
	MeshGateway          MeshGatewayConfig
}

type MeshGatewayConfig struct {
	Mode string
}

type ExposeConfig struct {
	Checks bool
	Paths  []ExposePath
}

type ExposePath struct {
	ListenerPort    int
	Path            string
	LocalPathPort   int
	Protocol        string
	ParsedFromCheck bool
}

type TransparentProxyConfig struct {
	OutboundListenerPort int
	DialedDirectly       bool
}

type AccessLogsConfig struct {
	Enabled             bool
	DisableListenerLogs bool
	Type                string
	Path                string
	JSONFormat          string
	TextFormat          string
}

type HealthCheck struct {
	Node        string
	CheckID     string
	Name        string
	Status      string
	Notes       string
	Output      string
	ServiceID   string
	ServiceName string
	ServiceTags []string
	Type        string
	Interval    string
	Timeout     string
	ExposedPort int
	PeerName    string
}

type input struct {
	Entries []CheckServiceNode
	Filters []string
}

// What the health endpoint does with a filter: the Service.IDs it keeps, or why it refuses.
type outcome struct {
	Selected *[]string `json:"selected,omitempty"`
	Refused  string    `json:"refused,omitempty"`
}

// Whether a resolver subset may carry the filter.
type acceptance struct {
	Accepted bool   `json:"accepted"`
	Refused  string `json:"refused,omitempty"`
}

type answer struct {
	Filter string  `json:"filter"`
	Health outcome `json:"health"`
	Subset acceptance `json:"subset"`
}

type output struct {
	Oracle  string   `json:"oracle"`
	Answers []answer `json:"answers"`
}

func health(entries []CheckServiceNode, filter string) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{Refused: fmt.Sprintf("panic: %v", r)}
		}
	}()
	f, err := bexpr.CreateFilter(filter, nil, entries)
	if err != nil {
		return outcome{Refused: err.Error()}
	}
	raw, err := f.Execute(entries)
	if err != nil {
		return outcome{Refused: err.Error()}
	}
	ids := []string{}
	for _, e := range raw.([]CheckServiceNode) {
		ids = append(ids, e.Service.ID)
	}
	return outcome{Selected: &ids}
}

func subset(filter string) acceptance {
	if filter == "" {
		return acceptance{Accepted: true}
	}
	if _, err := bexpr.CreateEvaluator(filter, nil); err != nil {
		return acceptance{Refused: err.Error()}
	}
	return acceptance{Accepted: true}
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "bexpr-oracle: reading input:", err)
		os.Exit(2)
	}
	out := output{Oracle: "go-bexpr 0.1.2 (Debian golang-github-hashicorp-go-bexpr-dev), " + runtime.Version()}
	for _, filter := range in.Filters {
		out.Answers = append(out.Answers, answer{Filter: filter, Health: health(in.Entries, filter), Subset: subset(filter)})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "bexpr-oracle:", err)
		os.Exit(2)
	}
}
