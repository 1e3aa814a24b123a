package access

import (
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	updatepb "go.temporal.io/api/update/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/authorization"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const ws = "/temporal.api.workflowservice.v1.WorkflowService/"

func person(subject string, perms ...string) *Identity {
	roles, _ := parsePermissions(perms)
	return &Identity{Subject: subject, Method: ByToken, Roles: roles}
}

var (
	admin    = person("ADM-001", "default:administrator")
	reader   = person("QA-001", "default:reader")
	operator = person("OPS-001", "default:operator")
	worker   = person("worker-1", "default:worker")
	sysadmin = person("setup", "temporal-system:admin")
	otherNS  = person("ADM-009", "test:administrator")
)

func start(workflowType string) *workflowservice.StartWorkflowExecutionRequest {
	return &workflowservice.StartWorkflowExecutionRequest{
		Namespace: "default", WorkflowType: &commonpb.WorkflowType{Name: workflowType},
	}
}

func update(name string) *workflowservice.UpdateWorkflowExecutionRequest {
	return &workflowservice.UpdateWorkflowExecutionRequest{
		Namespace: "default",
		Request:   &updatepb.Request{Input: &updatepb.Input{Name: name}},
	}
}

func termination(workflowID string) *workflowservice.TerminateWorkflowExecutionRequest {
	return &workflowservice.TerminateWorkflowExecutionRequest{
		Namespace: "default", WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: workflowID},
	}
}

func deletion(workflowID string) *workflowservice.DeleteWorkflowExecutionRequest {
	return &workflowservice.DeleteWorkflowExecutionRequest{
		Namespace: "default", WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: workflowID},
	}
}

func signal(name string) *workflowservice.SignalWorkflowExecutionRequest {
	return &workflowservice.SignalWorkflowExecutionRequest{Namespace: "default", SignalName: name}
}

func TestDecideByRole(t *testing.T) {
	cases := []struct {
		name  string
		who   *Identity
		api   string
		req   any
		allow bool
		says  string
	}{
		{"anyone may check health", &Identity{Problem: "no credential was presented"}, ws + "GetSystemInfo", nil, true, ""},
		{"no credential", &Identity{Problem: "no credential was presented"}, ws + "DescribeWorkflowExecution", nil, false, "not signed in"},
		{"a refused token", &Identity{Method: ByToken, Problem: "the token expired at 2026-01-01T00:00:00Z"}, ws + "QueryWorkflow", nil, false, "credential refused: the token expired"},
		{"a reader reads", reader, ws + "QueryWorkflow", nil, true, ""},
		{"a reader lists", reader, ws + "ListWorkflowExecutions", nil, true, ""},
		{"a reader may not record", reader, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), false, "QA-001 may not record on a case: that is an administrator's (QA-001 holds reader in namespace default)"},
		{"a reader may not open", reader, ws + "StartWorkflowExecution", start(CaseWorkflowType), false, "may not open a case"},
		{"an administrator opens", admin, ws + "StartWorkflowExecution", start(CaseWorkflowType), true, ""},
		{"an administrator records", admin, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), true, ""},
		{"but starts no other workflow", admin, ws + "StartWorkflowExecution", start("morningDigestWorkflow"), false, `may not start a workflow of type "morningDigestWorkflow": no cpcase role does that`},
		{"nor terminates anything but a case", admin, ws + "TerminateWorkflowExecution", termination("cpcase-morning-digest"), false, "may not terminate a workflow that is not a case"},
		{"an administrator ends a broken case", admin, ws + "TerminateWorkflowExecution", termination("case-CP-1"), true, ""},
		{"a reader does not", reader, ws + "TerminateWorkflowExecution", termination("case-CP-1"), false, "that is an administrator's"},
		{"nor polls for tasks", admin, ws + "PollWorkflowTaskQueue", nil, false, "may not run tasks as a worker: that is a worker's"},
		{"a worker polls", worker, ws + "PollWorkflowTaskQueue", nil, true, ""},
		{"a worker completes", worker, ws + "RespondActivityTaskCompleted", nil, true, ""},
		{"a worker reads (the digest)", worker, ws + "QueryWorkflow", nil, true, ""},
		{"a worker may not open", worker, ws + "StartWorkflowExecution", start(CaseWorkflowType), false, "worker-1 may not open a case"},
		{"a worker may not signal", worker, ws + "SignalWorkflowExecution", signal(CalendarUpdatedSignal), false, "may not tell cases to reload the calendar: that is an operator's"},
		{"a worker may not record", worker, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), false, "may not record on a case"},
		{"an operator pushes the calendar", operator, ws + "SignalWorkflowExecution", signal(CalendarUpdatedSignal), true, ""},
		{"an operator manages schedules", operator, ws + "CreateSchedule", nil, true, ""},
		{"an operator may not record", operator, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), false, "may not record"},
		{"no other signal", operator, ws + "SignalWorkflowExecution", signal("anything"), false, `may not send the signal "anything"`},
		{"another namespace's administrator", otherNS, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), false, "ADM-009 holds no role in namespace default"},
		{"another namespace's administrator reads nothing", otherNS, ws + "QueryWorkflow", nil, false, "holds no role in namespace default"},
		{"the cluster administrator registers a namespace", sysadmin, ws + "RegisterNamespace", nil, true, ""},
		{"and search attributes", sysadmin, "/temporal.api.operatorservice.v1.OperatorService/AddSearchAttributes", nil, true, ""},
		{"but records nothing", sysadmin, ws + "UpdateWorkflowExecution", update(RecordEventUpdate), false, "holds no role in namespace default"},
		{"an administrator may not add search attributes", admin, "/temporal.api.operatorservice.v1.OperatorService/AddSearchAttributes", nil, false, "may not call AddSearchAttributes"},
		{"an administrator may not register namespaces", admin, ws + "RegisterNamespace", nil, false, "may not call RegisterNamespace"},
		{"a person may read cluster facts", reader, ws + "GetClusterInfo", nil, true, ""},
		{"an operator destroys a closed case's workflow", operator, ws + "DeleteWorkflowExecution", deletion("case-CP-1"), true, ""},
		{"but no other workflow", operator, ws + "DeleteWorkflowExecution", deletion("cpcase-morning-digest"), false, "no cpcase role does that"},
		{"and an administrator destroys nothing", admin, ws + "DeleteWorkflowExecution", deletion("case-CP-1"), false, "that is an operator's"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ns := "default"
			d := Decide(c.who, c.api, ns, c.req)
			if d.Allow != c.allow {
				t.Fatalf("allow = %v, want %v (reason %q)", d.Allow, c.allow, d.Reason)
			}
			if !strings.Contains(d.Reason, c.says) {
				t.Fatalf("reason %q does not say %q", d.Reason, c.says)
			}
		})
	}
}

func TestUpdateWithStartNeedsEachOperation(t *testing.T) {
	op := func(s *workflowservice.StartWorkflowExecutionRequest, u *workflowservice.UpdateWorkflowExecutionRequest) *workflowservice.ExecuteMultiOperationRequest {
		return &workflowservice.ExecuteMultiOperationRequest{
			Namespace: "default",
			Operations: []*workflowservice.ExecuteMultiOperationRequest_Operation{
				{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_StartWorkflow{StartWorkflow: s}},
				{Operation: &workflowservice.ExecuteMultiOperationRequest_Operation_UpdateWorkflow{UpdateWorkflow: u}},
			},
		}
	}
	if d := Decide(admin, ws+"ExecuteMultiOperation", "default", op(start(CaseWorkflowType), update(RecordEventUpdate))); !d.Allow {
		t.Fatalf("administrator's update-with-start refused: %s", d.Reason)
	}
	if d := Decide(reader, ws+"ExecuteMultiOperation", "default", op(start(CaseWorkflowType), update(RecordEventUpdate))); d.Allow {
		t.Fatal("a reader's update-with-start was allowed")
	}
	if d := Decide(admin, ws+"ExecuteMultiOperation", "default", op(start("other"), update(RecordEventUpdate))); d.Allow {
		t.Fatal("update-with-start of another workflow type was allowed")
	}
	// How `cpcase open` starts a case: the start and the update that answers once it has opened.
	if d := Decide(admin, ws+"ExecuteMultiOperation", "default", op(start(CaseWorkflowType), update(OpenedUpdate))); !d.Allow {
		t.Fatalf("administrator's opening refused: %s", d.Reason)
	}
	if d := Decide(reader, ws+"ExecuteMultiOperation", "default", op(start(CaseWorkflowType), update(OpenedUpdate))); d.Allow || !strings.Contains(d.Reason, "may not open a case") {
		t.Fatalf("a reader's opening: allowed %v, %q", d.Allow, d.Reason)
	}
	if d := Decide(worker, ws+"ExecuteMultiOperation", "default", op(start(CaseWorkflowType), update(OpenedUpdate))); d.Allow {
		t.Fatal("a worker's opening was allowed")
	}
}

func TestInternalFrontendIsLetThrough(t *testing.T) {
	internal, _ := authorization.NewInternalClaimMapper().GetClaims(nil)
	r, _ := Authorizer{}.Authorize(nil, internal, &authorization.CallTarget{APIName: ws + "StartWorkflowExecution", Namespace: "default", Request: start("scheduler")})
	if r.Decision != authorization.DecisionAllow {
		t.Fatal("Temporal's own system worker was refused")
	}
	// An external caller whose claims say "temporal" is still ours to decide: Extensions is always set by our mapper.
	forged := &authorization.Claims{AuthType: authorization.InternalPrincipalType, Extensions: admin}
	r, _ = Authorizer{}.Authorize(nil, forged, &authorization.CallTarget{APIName: ws + "StartWorkflowExecution", Namespace: "default", Request: start("scheduler")})
	if r.Decision != authorization.DecisionDeny {
		t.Fatal("claims from our mapper were taken as internal")
	}
}

func TestPermissions(t *testing.T) {
	roles, ignored := parsePermissions([]string{"default:reader", "default:administrator", "default:reader", "other-app:write", "nonsense", "temporal-system:admin", "default:admin"})
	if got := describeRoles(roles["default"]); got != "administrator and reader" {
		t.Fatalf("default roles %q", got)
	}
	if len(roles["temporal-system"]) != 1 || len(ignored) != 3 {
		t.Fatalf("roles %v, ignored %v", roles, ignored)
	}
}

func TestUnauthenticatedIsAnError(t *testing.T) {
	_, err := Authorizer{}.Authorize(nil, nil, &authorization.CallTarget{APIName: ws + "QueryWorkflow", Namespace: "default"})
	if status.Code(err) != codes.Unauthenticated || !strings.Contains(err.Error(), "not signed in") {
		t.Fatalf("no credential: %v", err)
	}
	r, err := Authorizer{}.Authorize(nil, &authorization.Claims{Extensions: reader}, &authorization.CallTarget{APIName: ws + "UpdateWorkflowExecution", Namespace: "default", Request: update(RecordEventUpdate)})
	if err != nil || r.Decision != authorization.DecisionDeny || !strings.Contains(r.Reason, "may not record") {
		t.Fatalf("a reader recording: %v %+v", err, r)
	}
}
