// Package access is cpcase's identity and access control inside the Temporal server: who a caller is (a council
// token or a client certificate, claims.go), what each of cpcase's roles may do (authorizer.go), and the verified
// identity stamped on every entry a person makes (stamp.go). The server checks all of it, so a caller who skips
// the cpcase CLI and speaks gRPC directly meets the same rules.
package access

import (
	"sort"
	"strings"
)

// Role is one of cpcase's roles in a namespace. A credential carries them as permissions written
// "<namespace>:<role>" (a token's permissions claim, a certificate's OU values), as Temporal's own claims are.
type Role string

const (
	// Administrator records: opens cases, records, amends and withdraws events, imports, closes.
	Administrator Role = "administrator"
	// Reader reads: status, lists, audit, reports and exports. Managers and the quality-assurance manager.
	Reader Role = "reader"
	// Operator maintains the calendar (import and push) and the schedules.
	Operator Role = "operator"
	// Worker runs tasks: a cpcase worker process, never a person.
	Worker Role = "worker"
	// SystemAdmin ("temporal-system:admin") sets up namespaces and search attributes. It records nothing.
	SystemAdmin Role = "admin"
)

// SystemNamespace is where the cluster's own administration permission is written, as Temporal writes it.
const SystemNamespace = "temporal-system"

var knownRoles = map[Role]bool{Administrator: true, Reader: true, Operator: true, Worker: true}

// Method says how an identity was proven.
type Method string

const (
	ByToken       Method = "token"
	ByCertificate Method = "certificate"
)

// Identity is who a caller proved to be, or why they could not: the Extensions of Temporal's claims.
type Identity struct {
	Subject string
	Method  Method
	// Issuer of the token, or the certificate's issuer's common name.
	Issuer string
	// Roles by namespace; SystemAdmin under SystemNamespace.
	Roles map[string][]Role
	// Problem, when set, is why the credential was refused (expired, wrongly signed, revoked, none at all).
	Problem string
}

// RolesIn returns the caller's roles in a namespace.
func (id *Identity) RolesIn(namespace string) []Role { return id.Roles[namespace] }

// Has says whether the caller holds the role in the namespace.
func (id *Identity) Has(namespace string, r Role) bool {
	for _, have := range id.Roles[namespace] {
		if have == r {
			return true
		}
	}
	return false
}

// IsSystemAdmin says whether the caller may administer the cluster (namespaces, search attributes).
func (id *Identity) IsSystemAdmin() bool { return id.Has(SystemNamespace, SystemAdmin) }

// parsePermissions reads "<namespace>:<role>" values; anything else is ignored (a token may carry other apps'
// permissions) and reported back so the refusal can say what was seen.
func parsePermissions(values []string) (map[string][]Role, []string) {
	roles := map[string][]Role{}
	var ignored []string
	for _, v := range values {
		ns, role, ok := strings.Cut(strings.TrimSpace(v), ":")
		r := Role(role)
		switch {
		case !ok || ns == "":
			ignored = append(ignored, v)
		case ns == SystemNamespace && r == SystemAdmin:
			roles[ns] = appendRole(roles[ns], r)
		case ns != SystemNamespace && knownRoles[r]:
			roles[ns] = appendRole(roles[ns], r)
		default:
			ignored = append(ignored, v)
		}
	}
	return roles, ignored
}

func appendRole(rs []Role, r Role) []Role {
	for _, have := range rs {
		if have == r {
			return rs
		}
	}
	rs = append(rs, r)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	return rs
}

// describeRoles is how a refusal names what the caller holds: "reader", "reader and operator", "no role".
func describeRoles(rs []Role) string {
	if len(rs) == 0 {
		return "no role"
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
