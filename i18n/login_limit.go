package i18n

func init() {
	for k, v := range loginLimitMessages {
		catalog[k] = v
	}
}

// loginLimitMessages say how long to wait after failed sign-in attempts;
// "login.rate_limited" (in minutes) is in messages.go.
var loginLimitMessages = map[string]message{
	"login.rate_limited_seconds": {"Too many attempts. Try again in %d s.", "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau %d giây."},
}
