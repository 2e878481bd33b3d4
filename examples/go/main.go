// A web server and its PostgreSQL database on ITCare, through the native provider and the Go SDK that
// `pulumi package gen-sdk` generates from its schema (see README.md beside this file).
package main

import (
	"example.com/pulumi-itcare/sdk/go/itcare"
	"example.com/pulumi-itcare/sdk/go/itcare/compute"
	"example.com/pulumi-itcare/sdk/go/itcare/databases"
	"example.com/pulumi-itcare/sdk/go/itcare/networking"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// or returns value, or fallback when the config key is not set.
func or(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		area := or(cfg.Get("area"), "EB-QA")
		cpu := cfg.GetInt("webCpu")
		if cpu == 0 {
			cpu = 2
		}

		// Lookups (the provider's functions): no numeric id in the program.
		service, err := itcare.GetService(ctx, &itcare.GetServiceArgs{Key: pulumi.StringRef(or(cfg.Get("serviceKey"), "DEMO"))})
		if err != nil {
			return err
		}
		network, err := networking.GetNetwork(ctx, &networking.GetNetworkArgs{
			Name: pulumi.StringRef(or(cfg.Get("networkName"), "EB-QA front")), ServiceId: service.Id, Area: &area,
		})
		if err != nil {
			return err
		}

		web, err := compute.NewInstance(ctx, "web01", &compute.InstanceArgs{
			ServiceId:   pulumi.Int(*service.Id),
			NetworkId:   pulumi.Int(*network.Id),
			Area:        pulumi.String(area),
			ProductCode: pulumi.String("deb12"),
			Cpu:         pulumi.Int(cpu),
			Ram:         pulumi.Int(4),
			Tags:        pulumi.StringMap{"app": pulumi.String("shop")},
		})
		if err != nil {
			return err
		}

		db, err := databases.NewPostgreSQL(ctx, "shopdb", &databases.PostgreSQLArgs{
			Name:        pulumi.String("shopdb01"),
			ServiceId:   pulumi.Int(*service.Id),
			NetworkId:   pulumi.Int(*network.Id),
			Area:        pulumi.String(area),
			ProductCode: pulumi.String("deb12pg16"),
			NodeSizing:  pulumi.String("2cpu4gb"),
			DiskSize:    pulumi.Int(80),
			Topology:    databases.PostgreSQLTopologyStandalone,
			Trigram:     pulumi.String("SHP"),
			AdmPassword: cfg.RequireSecret("dbPassword"),
		})
		if err != nil {
			return err
		}

		ctx.Export("web01Ip", web.IpAddress)
		ctx.Export("web01Id", web.ResourceId)
		ctx.Export("dbId", db.ResourceId)
		return nil
	})
}
