package graph

// NodeType names the kind of a node. Values are the GraphQL enum values.
type NodeType string

const (
	TypeCity        NodeType = "CITY"
	TypeCountry     NodeType = "COUNTRY"
	TypeNetwork     NodeType = "NETWORK"
	TypeInstitution NodeType = "INSTITUTION"
	TypePerson      NodeType = "PERSON"
	TypeEvent       NodeType = "EVENT"
	TypePartnership NodeType = "PARTNERSHIP"
	TypeSource      NodeType = "SOURCE"
)

// NodeTypes lists every node type in a stable order (used by stats).
var NodeTypes = []NodeType{TypeCity, TypeCountry, TypeNetwork, TypeInstitution, TypePerson, TypeEvent, TypePartnership, TypeSource}

// RelType names a relationship type, as in the property-graph model.
type RelType string

const (
	RelMemberOf    RelType = "MEMBER_OF"
	RelFounded     RelType = "FOUNDED"
	RelSeatedIn    RelType = "SEATED_IN"
	RelInCountry   RelType = "IN_COUNTRY"
	RelLocatedIn   RelType = "LOCATED_IN"
	RelHeldIn      RelType = "HELD_IN"
	RelOrganized   RelType = "ORGANIZED"
	RelAttended    RelType = "ATTENDED"
	RelParty       RelType = "PARTY"
	RelHoldsOffice RelType = "HOLDS_OFFICE"
)

// RelTypes lists every relationship type in a stable order.
var RelTypes = []RelType{RelMemberOf, RelFounded, RelSeatedIn, RelInCountry, RelLocatedIn, RelHeldIn, RelOrganized, RelAttended, RelParty, RelHoldsOffice}

// NetworkScope is the geographic reach of a network.
type NetworkScope string

const (
	ScopeInternational NetworkScope = "INTERNATIONAL"
	ScopeEuropean      NetworkScope = "EUROPEAN"
	ScopeNational      NetworkScope = "NATIONAL"
	ScopeRegional      NetworkScope = "REGIONAL"
)

// NetworkKind is the legal or organisational form of a network.
type NetworkKind string

const (
	NetworkAssociation  NetworkKind = "ASSOCIATION"
	NetworkNetwork      NetworkKind = "NETWORK"
	NetworkFoundation   NetworkKind = "FOUNDATION"
	NetworkPlatform     NetworkKind = "PLATFORM"
	NetworkEuroregion   NetworkKind = "EUROREGION"
	NetworkCluster      NetworkKind = "CLUSTER"
	NetworkUnion        NetworkKind = "UNION"
	NetworkOrganisation NetworkKind = "ORGANISATION"
)

// MembershipStatus says what kind of member a city is.
type MembershipStatus string

const (
	StatusMember          MembershipStatus = "MEMBER"
	StatusFullMember      MembershipStatus = "FULL_MEMBER"
	StatusAssociateMember MembershipStatus = "ASSOCIATE_MEMBER"
	StatusObserver        MembershipStatus = "OBSERVER"
	StatusFormerMember    MembershipStatus = "FORMER_MEMBER"
)

// InstitutionKind classifies institutions.
type InstitutionKind string

const (
	InstitutionUniversity       InstitutionKind = "UNIVERSITY"
	InstitutionAgency           InstitutionKind = "AGENCY"
	InstitutionFoundation       InstitutionKind = "FOUNDATION"
	InstitutionConventionBureau InstitutionKind = "CONVENTION_BUREAU"
	InstitutionGovernment       InstitutionKind = "GOVERNMENT"
	InstitutionCommission       InstitutionKind = "COMMISSION"
	InstitutionOther            InstitutionKind = "OTHER"
)

// EventKind classifies events.
type EventKind string

const (
	EventConference     EventKind = "CONFERENCE"
	EventGeneralMeeting EventKind = "GENERAL_MEETING"
	EventMeeting        EventKind = "MEETING"
	EventWorkshop       EventKind = "WORKSHOP"
	EventTradeFair      EventKind = "TRADE_FAIR"
	EventOther          EventKind = "OTHER"
)

// PartnershipKind classifies agreements.
type PartnershipKind string

const (
	PartnershipPartnerCities        PartnershipKind = "PARTNER_CITIES"
	PartnershipCooperationAgreement PartnershipKind = "COOPERATION_AGREEMENT"
	PartnershipLetterOfIntent       PartnershipKind = "LETTER_OF_INTENT"
)

var (
	networkScopes    = set(ScopeInternational, ScopeEuropean, ScopeNational, ScopeRegional)
	networkKinds     = set(NetworkAssociation, NetworkNetwork, NetworkFoundation, NetworkPlatform, NetworkEuroregion, NetworkCluster, NetworkUnion, NetworkOrganisation)
	membershipStatus = set(StatusMember, StatusFullMember, StatusAssociateMember, StatusObserver, StatusFormerMember)
	institutionKinds = set(InstitutionUniversity, InstitutionAgency, InstitutionFoundation, InstitutionConventionBureau, InstitutionGovernment, InstitutionCommission, InstitutionOther)
	eventKinds       = set(EventConference, EventGeneralMeeting, EventMeeting, EventWorkshop, EventTradeFair, EventOther)
	partnershipKinds = set(PartnershipPartnerCities, PartnershipCooperationAgreement, PartnershipLetterOfIntent)
	relTypes         = set(RelTypes...)
)

func set[T ~string](vs ...T) map[T]bool {
	m := make(map[T]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func (s NetworkScope) Valid() bool     { return networkScopes[s] }
func (k NetworkKind) Valid() bool      { return networkKinds[k] }
func (s MembershipStatus) Valid() bool { return membershipStatus[s] }
func (k InstitutionKind) Valid() bool  { return institutionKinds[k] }
func (k EventKind) Valid() bool        { return eventKinds[k] }
func (k PartnershipKind) Valid() bool  { return partnershipKinds[k] }
func (r RelType) Valid() bool          { return relTypes[r] }
