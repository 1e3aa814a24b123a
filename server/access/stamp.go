package access

import (
	"context"
	"encoding/json"
	"regexp"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
)

// Header names the TypeScript side reads and writes (src/identity/stamp.ts); test/server/contract.test.ts keeps
// them equal. Headers are not encrypted by cpcase's payload codec, so the server can write them and the workflow
// read them, and they hold only opaque staff ids.
const (
	IdentityHeader   = "cpcase-identity"
	OnBehalfOfHeader = "cpcase-on-behalf-of"
)

// Stamp is what the server writes into every write a caller makes: who they proved to be.
type Stamp struct {
	Subject    string `json:"subject"`
	Method     Method `json:"method"`
	Issuer     string `json:"issuer,omitempty"`
	OnBehalfOf string `json:"onBehalfOf,omitempty"`
}

// A staff id as the directory writes them; anything else in on-behalf-of is dropped, not stamped.
var staffID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// StampInterceptor runs after Temporal's authorization interceptor, so the caller is known and allowed. It replaces
// whatever identity header the caller sent with the verified one: nobody can put another name in "recorded by",
// whether through the CLI, by setting a header or by calling the API directly. An administrator may name someone
// they enter for (on-behalf-of); it is kept beside their own id, never instead of it.
func StampInterceptor(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	StampRequest(IdentityFrom(ctx), req)
	return handler(ctx, req)
}

// StampRequest writes the stamp into each header of a request that starts, signals or updates a workflow.
func StampRequest(id *Identity, req any) {
	switch r := req.(type) {
	case *workflowservice.StartWorkflowExecutionRequest:
		r.Header = stamped(r.Header, id, r.GetNamespace())
	case *workflowservice.SignalWorkflowExecutionRequest:
		r.Header = stamped(r.Header, id, r.GetNamespace())
	case *workflowservice.SignalWithStartWorkflowExecutionRequest:
		r.Header = stamped(r.Header, id, r.GetNamespace())
	case *workflowservice.UpdateWorkflowExecutionRequest:
		if in := r.GetRequest().GetInput(); in != nil {
			in.Header = stamped(in.Header, id, r.GetNamespace())
		}
	case *workflowservice.ExecuteMultiOperationRequest:
		for _, op := range r.GetOperations() {
			if s := op.GetStartWorkflow(); s != nil {
				s.Header = stamped(s.Header, id, r.GetNamespace())
			}
			if in := op.GetUpdateWorkflow().GetRequest().GetInput(); in != nil {
				in.Header = stamped(in.Header, id, r.GetNamespace())
			}
		}
	}
}

func stamped(h *commonpb.Header, id *Identity, namespace string) *commonpb.Header {
	fields := map[string]*commonpb.Payload{}
	var onBehalfOf string
	for k, v := range h.GetFields() {
		switch k {
		case IdentityHeader:
			// Dropped: only the server writes it.
		case OnBehalfOfHeader:
			onBehalfOf = stringPayload(v)
		default:
			fields[k] = v
		}
	}
	if id == nil || id.Subject == "" || id.Problem != "" {
		return &commonpb.Header{Fields: fields}
	}
	s := Stamp{Subject: id.Subject, Method: id.Method, Issuer: id.Issuer}
	if onBehalfOf != "" && onBehalfOf != id.Subject && staffID.MatchString(onBehalfOf) && id.Has(namespace, Administrator) {
		s.OnBehalfOf = onBehalfOf
	}
	data, _ := json.Marshal(s)
	fields[IdentityHeader] = &commonpb.Payload{
		Metadata: map[string][]byte{"encoding": []byte("json/plain")},
		Data:     data,
	}
	return &commonpb.Header{Fields: fields}
}

// stringPayload reads a JSON string payload (what the SDKs write for a string); anything else reads as "".
func stringPayload(p *commonpb.Payload) string {
	if string(p.GetMetadata()["encoding"]) != "json/plain" {
		return ""
	}
	var s string
	if json.Unmarshal(p.GetData(), &s) != nil {
		return ""
	}
	return s
}
