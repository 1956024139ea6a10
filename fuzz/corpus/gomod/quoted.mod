module x
require (
	a.b/c v1.0.0 // indirect
	"q.r/s" `v2`
)
replace a.b/c v1.0.0 => ./local
retract [v1.0.0, v1.1.0]
