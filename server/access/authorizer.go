package access

import (
	"context"
	"fmt"
	"strings"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/api"
	"go.temporal.io/server/common/authorization"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Names the TypeScript side defines (src/workflows/messages.ts); test/server/contract.test.ts keeps them equal.
const (
	CaseWorkflowType      = "caseWorkflow"
	RecordEventUpdate     = "recordEvent"
	OpenedUpdate          = "opened"
	CalendarUpdatedSignal = "calendarUpdated"
	CaseWorkflowIDPrefix  = "case-"
)

// Authorizer decides every call to the frontend by cpcase's roles (Decide). Temporal's own internal frontend,
// which its system worker uses, is let through: its claims come from Temporal's internal claim mapper.
//
// A caller with no acceptable credential gets gRPC's UNAUTHENTICATED with the reason as its message (sign in
// again); one whose role does not allow the call gets PERMISSION_DENIED with the reason in its details. The first
// is returned as an error, which Temporal passes on only with frontend.exposeAuthorizerErrors (the stack and
// compose set it); without it the caller sees Temporal's bare PERMISSION_DENIED, still refused.
type Authorizer struct{}

var _ authorization.Authorizer = Authorizer{}

func (Authorizer) Authorize(_ context.Context, claims *authorization.Claims, target *authorization.CallTarget) (authorization.Result, error) {
	if claims != nil && claims.AuthType == authorization.InternalPrincipalType && claims.Extensions == nil {
		return authorization.Result{Decision: authorization.DecisionAllow}, nil
	}
	d := Decide(identityOf(claims), target.APIName, target.Namespace, target.Request)
	switch {
	case d.Allow:
		return authorization.Result{Decision: authorization.DecisionAllow}, nil
	case d.Unauthenticated:
		return authorization.Result{Decision: authorization.DecisionDeny}, status.Error(codes.Unauthenticated, d.Reason)
	}
	return authorization.Result{Decision: authorization.DecisionDeny, Reason: d.Reason}, nil
}

// Decision is Decide's answer; Reason is one line a person can act on.
type Decision struct {
	Allow bool
	// Unauthenticated: the credential itself is missing or refused, so no role was looked at.
	Unauthenticated bool
	Reason          string
}

var allow = Decision{Allow: true}

// Decide is the whole access policy, as a function of who is calling and what they ask. Reading needs any role
// in the namespace; each kind of write needs the one role whose work it is; anything cpcase never does is refused
// to everyone.
func Decide(id *Identity, apiName, namespace string, req any) Decision {
	if authorization.IsHealthCheckAPI(apiName) {
		return allow
	}
	if id.Problem != "" {
		if id.Subject == "" && id.Method == "" {
			return Decision{Unauthenticated: true, Reason: "not signed in: " + id.Problem}
		}
		return Decision{Unauthenticated: true, Reason: "credential refused: " + id.Problem}
	}
	md := api.GetMethodMetadata(apiName)
	readOnly := md.Access == api.AccessReadOnly
	if md.Scope == api.ScopeCluster {
		if id.IsSystemAdmin() || (readOnly && len(id.Roles) > 0) {
			return allow
		}
		return refuse(id, namespace, "administer the Temporal cluster", "temporal-system:admin")
	}
	if id.IsSystemAdmin() && (readOnly || md.Access == api.AccessAdmin) {
		return allow
	}
	if len(id.RolesIn(namespace)) == 0 {
		return Decision{Reason: fmt.Sprintf("%s holds no role in namespace %s", id.Subject, namespace)}
	}
	if readOnly {
		return allow
	}
	n, known := writeNeed(api.MethodName(apiName), req)
	if !known {
		return Decision{Reason: fmt.Sprintf("%s may not %s: no cpcase role does that", id.Subject, n.doing)}
	}
	if id.Has(namespace, n.role) {
		return allow
	}
	return refuse(id, namespace, n.doing, string(n.role))
}

func refuse(id *Identity, namespace, doing, whose string) Decision {
	article := "an"
	if whose != string(Administrator) && whose != string(Operator) {
		article = "a"
	}
	return Decision{Reason: fmt.Sprintf("%s may not %s: that is %s %s's (%s holds %s in namespace %s)",
		id.Subject, doing, article, whose, id.Subject, describeRoles(id.RolesIn(namespace)), namespace)}
}

type need struct {
	role  Role
	doing string
}

// Poll and complete tasks: a worker's whole job.
var taskMethods = map[string]bool{
	"PollWorkflowTaskQueue": true, "RespondWorkflowTaskCompleted": true, "RespondWorkflowTaskFailed": true,
	"PollActivityTaskQueue": true, "RecordActivityTaskHeartbeat": true, "RecordActivityTaskHeartbeatById": true,
	"RespondActivityTaskCompleted": true, "RespondActivityTaskCompletedById": true,
	"RespondActivityTaskFailed": true, "RespondActivityTaskFailedById": true,
	"RespondActivityTaskCanceled": true, "RespondActivityTaskCanceledById": true,
	"RespondQueryTaskCompleted": true, "ResetStickyTaskQueue": true, "ShutdownWorker": true,
	"RecordWorkerHeartbeat": true, "PollNexusTaskQueue": true, "RespondNexusTaskCompleted": true,
	"RespondNexusTaskFailed": true,
}

var scheduleMethods = map[string]bool{
	"CreateSchedule": true, "UpdateSchedule": true, "PatchSchedule": true, "DeleteSchedule": true,
}

// writeNeed says which role a write belongs to, reading the request where the method alone does not say
// (which workflow is started, which update or signal is sent). known is false for writes no role may make.
func writeNeed(method string, req any) (need, bool) {
	switch {
	case taskMethods[method]:
		return need{Worker, "run tasks as a worker"}, true
	case scheduleMethods[method]:
		return need{Operator, "manage schedules"}, true
	}
	switch r := req.(type) {
	case *workflowservice.StartWorkflowExecutionRequest:
		return startNeed(r.GetWorkflowType().GetName())
	case *workflowservice.UpdateWorkflowExecutionRequest:
		return updateNeed(r.GetRequest().GetInput().GetName())
	case *workflowservice.SignalWorkflowExecutionRequest:
		if r.GetSignalName() == CalendarUpdatedSignal {
			return need{Operator, "tell cases to reload the calendar"}, true
		}
		return need{doing: fmt.Sprintf("send the signal %q", r.GetSignalName())}, false
	case *workflowservice.ExecuteMultiOperationRequest:
		return multiOperationNeed(r)
	case *workflowservice.TerminateWorkflowExecutionRequest:
		// A broken case ended, or ended to be started again from its recorded events (cpcase repair).
		if strings.HasPrefix(r.GetWorkflowExecution().GetWorkflowId(), CaseWorkflowIDPrefix) {
			return need{Administrator, "end a case's workflow (cpcase repair)"}, true
		}
		return need{doing: "terminate a workflow that is not a case"}, false
	case *workflowservice.DeleteWorkflowExecutionRequest:
		// The records schedule's destruction of a closed case (cpcase retention apply), and nothing else.
		if strings.HasPrefix(r.GetWorkflowExecution().GetWorkflowId(), CaseWorkflowIDPrefix) {
			return need{Operator, "destroy a closed case's record in Temporal"}, true
		}
		return need{doing: "delete a workflow that is not a case"}, false
	}
	return need{doing: "call " + method}, false
}

func startNeed(workflowType string) (need, bool) {
	if workflowType == CaseWorkflowType {
		return need{Administrator, "open a case"}, true
	}
	return need{doing: fmt.Sprintf("start a workflow of type %q", workflowType)}, false
}

func updateNeed(name string) (need, bool) {
	switch name {
	case RecordEventUpdate:
		return need{Administrator, "record on a case"}, true
	case OpenedUpdate:
		// Changes nothing (it answers once the case has opened), but it is how `cpcase open` starts a case.
		return need{Administrator, "open a case"}, true
	}
	return need{doing: fmt.Sprintf("send the update %q", name)}, false
}

// An update-with-start is allowed when each of its operations is.
func multiOperationNeed(r *workflowservice.ExecuteMultiOperationRequest) (need, bool) {
	result := need{Administrator, "open a case"}
	for _, op := range r.GetOperations() {
		var n need
		var known bool
		switch {
		case op.GetStartWorkflow() != nil:
			n, known = startNeed(op.GetStartWorkflow().GetWorkflowType().GetName())
		case op.GetUpdateWorkflow() != nil:
			n, known = updateNeed(op.GetUpdateWorkflow().GetRequest().GetInput().GetName())
		default:
			return need{doing: "run an unknown operation"}, false
		}
		if !known || n.role != Administrator {
			return n, known
		}
	}
	return result, true
}
