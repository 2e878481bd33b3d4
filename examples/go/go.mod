module itcare-go

go 1.24

require (
	example.com/pulumi-itcare/sdk/go/itcare v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)

// The SDK `pulumi package gen-sdk ... --language go --out sdk` writes (README.md): not published.
replace example.com/pulumi-itcare/sdk/go/itcare => ./sdk/go/itcare
