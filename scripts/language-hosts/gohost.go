package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The Go side, when this executable is named pulumi-language-go. The Go module proxy serves no Go
// language host, so this is the least of one: besides GeneratePackage, it runs a program built
// beforehand, `runtime: {name: go, options: {binary: <path>}}` in Pulumi.yaml (the official host's
// option for the same thing), with the environment the Go SDK reads (sdk/go/pulumi/run.go). It builds
// nothing and reports no plugins: the provider comes from PATH or plugins.providers.
var goMethods = []grpc.MethodDesc{
	{MethodName: "GetPluginInfo", Handler: unary(func(context.Context, *emptypb.Empty) (any, error) {
		return &pulumirpc.PluginInfo{Version: version.Version}, nil // the release it generates for
	})},
	{MethodName: "GetRequiredPackages", Handler: unary(func(context.Context, *pulumirpc.GetRequiredPackagesRequest) (any, error) {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	})},
	{MethodName: "Run", Handler: unary(runBinary)},
}

// unary adapts a typed handler to gRPC's method table.
func unary[Req any, PReq interface {
	*Req
	any
}](handle func(context.Context, PReq) (any, error)) grpc.MethodHandler {
	return func(_ any, ctx context.Context, decode func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
		req := PReq(new(Req))
		if err := decode(req); err != nil {
			return nil, err
		}
		return handle(ctx, req)
	}
}

// The engine's address: the host's last argument.
var engineAddress = func() string { return os.Args[len(os.Args)-1] }

func runBinary(ctx context.Context, req *pulumirpc.RunRequest) (any, error) {
	binary := req.GetInfo().GetOptions().GetFields()["binary"].GetStringValue()
	if binary == "" {
		return &pulumirpc.RunResponse{Error: "this Go language host runs only a program built beforehand: set runtime.options.binary in Pulumi.yaml"}, nil
	}
	if !filepath.IsAbs(binary) {
		binary = filepath.Join(req.GetInfo().GetProgramDirectory(), binary)
	}
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, binary, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+engineAddress(),
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_ROOT_DIRECTORY="+req.GetInfo().GetRootDirectory(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()))
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == constant.ExitStatusLoggedError {
			return &pulumirpc.RunResponse{Bail: true}, nil // the program reported its error itself
		}
		return &pulumirpc.RunResponse{Error: "program failed: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}
