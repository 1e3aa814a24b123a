package access

import (
	"encoding/json"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
)

func jsonPayload(v any) *commonpb.Payload {
	data, _ := json.Marshal(v)
	return &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: data}
}

func stampOf(t *testing.T, h *commonpb.Header) Stamp {
	p := h.GetFields()[IdentityHeader]
	if p == nil {
		t.Fatal("no identity stamp")
	}
	var s Stamp
	if err := json.Unmarshal(p.GetData(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func recordRequest(header map[string]*commonpb.Payload) *workflowservice.UpdateWorkflowExecutionRequest {
	return &workflowservice.UpdateWorkflowExecutionRequest{
		Namespace: "default",
		Request: &updatepb.Request{Input: &updatepb.Input{
			Name: RecordEventUpdate, Header: &commonpb.Header{Fields: header},
		}},
	}
}

func TestStampOverwritesWhatTheCallerSays(t *testing.T) {
	req := recordRequest(map[string]*commonpb.Payload{
		IdentityHeader: jsonPayload(Stamp{Subject: "SW-101", Method: ByToken}),
		"other":        jsonPayload("kept"),
	})
	StampRequest(admin, req)
	h := req.GetRequest().GetInput().GetHeader()
	if s := stampOf(t, h); s.Subject != "ADM-001" || s.Method != ByToken || s.OnBehalfOf != "" {
		t.Fatalf("stamp %+v", s)
	}
	if h.GetFields()["other"] == nil {
		t.Fatal("another header was dropped")
	}
}

func TestOnBehalfOfIsAnAdministratorsAndIsKeptBeside(t *testing.T) {
	req := recordRequest(map[string]*commonpb.Payload{OnBehalfOfHeader: jsonPayload("SW-101")})
	StampRequest(admin, req)
	h := req.GetRequest().GetInput().GetHeader()
	if s := stampOf(t, h); s.Subject != "ADM-001" || s.OnBehalfOf != "SW-101" {
		t.Fatalf("stamp %+v", s)
	}
	if h.GetFields()[OnBehalfOfHeader] != nil {
		t.Fatal("the caller's on-behalf-of header was left beside the stamp")
	}
	for _, who := range []*Identity{reader, operator} {
		req := recordRequest(map[string]*commonpb.Payload{OnBehalfOfHeader: jsonPayload("SW-101")})
		StampRequest(who, req)
		if s := stampOf(t, req.GetRequest().GetInput().GetHeader()); s.OnBehalfOf != "" {
			t.Fatalf("%s stamped on behalf of someone", who.Subject)
		}
	}
	bad := recordRequest(map[string]*commonpb.Payload{OnBehalfOfHeader: jsonPayload("SW 101; drop")})
	StampRequest(admin, bad)
	if s := stampOf(t, bad.GetRequest().GetInput().GetHeader()); s.OnBehalfOf != "" {
		t.Fatalf("a malformed id was stamped: %q", s.OnBehalfOf)
	}
}

func TestStartsAndSignalsAreStamped(t *testing.T) {
	s := start(CaseWorkflowType)
	StampRequest(admin, s)
	if got := stampOf(t, s.GetHeader()); got.Subject != "ADM-001" {
		t.Fatalf("start stamp %+v", got)
	}
	sig := signal(CalendarUpdatedSignal)
	StampRequest(operator, sig)
	if got := stampOf(t, sig.GetHeader()); got.Subject != "OPS-001" {
		t.Fatalf("signal stamp %+v", got)
	}
}

func TestNoStampWithoutAnIdentity(t *testing.T) {
	req := recordRequest(map[string]*commonpb.Payload{IdentityHeader: jsonPayload(Stamp{Subject: "SW-101"})})
	StampRequest(&Identity{Problem: "no credential was presented"}, req)
	if req.GetRequest().GetInput().GetHeader().GetFields()[IdentityHeader] != nil {
		t.Fatal("a forged stamp survived")
	}
}
