package ingest

// Normalized fields a profile can fill. Events and people have their own sets; the index
// of a name in its list is the field's number in a compiled profile.

func eventFieldNames() []string {
	return []string{
		"time", "actor_id", "actor_name", "actor_email", "actor_company", "ip",
		"module", "action", "target_type", "target_id", "target_ref", "target_name", "related_ref",
		"amount", "currency", "billing_cycles", "description",
	}
}

const (
	efTime = iota
	efActorID
	efActorName
	efActorEmail
	efActorCompany
	efIP
	efModule
	efAction
	efTargetType
	efTargetID
	efTargetRef
	efTargetName
	efRelatedRef
	efAmount
	efCurrency
	efBillingCycles
	efDescription
	numEventFields
)

func personFieldNames() []string {
	return []string{"email", "user_id", "name", "company", "title", "location", "tags", "end_date"}
}

const (
	pfEmail = iota
	pfUserID
	pfName
	pfCompany
	pfTitle
	pfLocation
	pfTags
	pfEndDate
	numPersonFields
)

func fieldIndex(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}
