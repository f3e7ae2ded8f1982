package activity

import "fmt"

// Kind is the normalized kind of an activity, so that "every deletion by anyone in any
// system" is one filter. The vocabulary is fixed.
type Kind string

const (
	KindLogin              Kind = "login"
	KindLogout             Kind = "logout"
	KindLoginFailed        Kind = "login_failed"
	KindView               Kind = "view"
	KindCreate             Kind = "create"
	KindUpdate             Kind = "update"
	KindDelete             Kind = "delete"
	KindRestore            Kind = "restore"
	KindExecute            Kind = "execute"
	KindExport             Kind = "export"
	KindDownload           Kind = "download"
	KindSend               Kind = "send"
	KindPayment            Kind = "payment"
	KindRefund             Kind = "refund"
	KindSubscriptionChange Kind = "subscription_change"
	KindPermissionChange   Kind = "permission_change"
	KindMessage            Kind = "message"
	KindOther              Kind = "other"
)

// Kinds lists the vocabulary in a stable order.
var kinds = []Kind{
	KindLogin, KindLogout, KindLoginFailed, KindView, KindCreate, KindUpdate, KindDelete,
	KindRestore, KindExecute, KindExport, KindDownload, KindSend, KindPayment, KindRefund,
	KindSubscriptionChange, KindPermissionChange, KindMessage, KindOther,
}

// Kinds returns the vocabulary in a stable order.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// ParseKind checks that s is in the vocabulary.
func ParseKind(s string) (Kind, error) {
	for _, k := range kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q (known: login, logout, login_failed, view, create, update, delete, restore, execute, export, download, send, payment, refund, subscription_change, permission_change, message, other)", s)
}
