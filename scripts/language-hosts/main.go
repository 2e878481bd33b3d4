// pulumi-language-python, as scripts/ensure-pulumi-python builds it: the Python language host of
// github.com/pulumi/pulumi/sdk/v3 v3.68.0 (the last release whose host the Go module proxy serves),
// fronted by this small process, which adds the one RPC that host lacks and `pulumi package gen-sdk`
// needs: GeneratePackage, with the Python SDK generator (pkg/v3/codegen/python) of the CLI's release.
// Every other call (Run, GetRequiredPlugins, InstallDependencies, health, …) is passed through byte
// for byte to the v3.68.0 host, started beside this executable as pulumi-language-python-v3.68.0 with
// the same arguments, so what runs programs is the upstream host unchanged.
//
// The same executable named pulumi-language-go generates Go SDKs (pkg/v3/codegen/go) and runs Go
// programs built beforehand (gohost.go): the proxy serves no Go host at all.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// The upstream host's file name, beside this executable (the build script puts it there).
const upstream = "pulumi-language-python-v3.68.0"

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	if filepath.Base(os.Args[0]) == "pulumi-language-go" {
		language = "go"
		service := generatePackageOnly
		service.Methods = append(append([]grpc.MethodDesc{}, service.Methods...), goMethods...)
		return serve(grpc.NewServer(grpc.MaxRecvMsgSize(1<<30)), &service, nil)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(filepath.Join(filepath.Dir(self), upstream), os.Args[1:]...)
	child.Stderr = os.Stderr
	child.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlives this process
	out, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return fmt.Errorf("start %s: %w", upstream, err)
	}
	// Like every plugin, the upstream host prints its port as the first line of stdout.
	lines := bufio.NewReader(out)
	port, err := lines.ReadString('\n')
	if err != nil {
		return fmt.Errorf("%s printed no port: %w", upstream, err)
	}
	go func() { _, _ = lines.WriteTo(os.Stdout) }()

	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(1<<30), grpc.MaxCallSendMsgSize(1<<30)))
	if err != nil {
		return err
	}
	return serve(grpc.NewServer(
		grpc.ForceServerCodec(frameCodec{}),
		grpc.UnknownServiceHandler(passThrough(conn)),
		grpc.MaxRecvMsgSize(1<<30), grpc.MaxSendMsgSize(1<<30)), &generatePackageOnly, child)
}

// serve prints the port, as every plugin does on its first line, and serves until a signal or, when
// there is one, the upstream host's end (the engine ends a language host with SIGINT/SIGTERM or SIGKILL).
func serve(server *grpc.Server, service *grpc.ServiceDesc, child *exec.Cmd) error {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server.RegisterService(service, nil)
	fmt.Println(listener.Addr().(*net.TCPAddr).Port)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		if child != nil {
			_ = child.Process.Kill()
		}
		server.Stop()
	}()
	if child != nil {
		go func() {
			_ = child.Wait()
			server.Stop() // the upstream host died: nothing left to serve
		}()
	}
	return server.Serve(listener)
}

// The language this executable generates SDKs for.
var language = "python"

// generatePackage writes the SDK of the request's schema into its directory, as the current upstream
// hosts do (bind the schema against the engine's loader, generate, write every file).
func generatePackage(ctx context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	var files map[string][]byte
	if language == "go" {
		files, err = gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	} else {
		files, err = python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		file := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
}

// generatePackageOnly: the LanguageRuntime service with GeneratePackage alone; gRPC hands every other
// method of it (and every other service) to the UnknownServiceHandler, i.e. to the upstream host.
var generatePackageOnly = grpc.ServiceDesc{
	ServiceName: "pulumirpc.LanguageRuntime",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "GeneratePackage",
		Handler: func(_ any, ctx context.Context, decode func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			req := new(pulumirpc.GeneratePackageRequest)
			if err := decode(req); err != nil {
				return nil, err
			}
			return generatePackage(ctx, req)
		},
	}},
	Metadata: "pulumi/language.proto",
}
