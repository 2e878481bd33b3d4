"""A web server and its PostgreSQL database on ITCare, through the native provider and the Python SDK
that `pulumi package gen-sdk` generates from its schema (see README.md beside this file)."""
import pulumi
import pulumi_itcare as itcare

config = pulumi.Config()
area = config.get("area") or "EB-QA"

# Lookups (the provider's functions): no numeric id in the program.
service = itcare.get_service(key=config.get("serviceKey") or "DEMO")
network = itcare.networking.get_network(name=config.get("networkName") or "EB-QA front", service_id=service.id, area=area)

web = itcare.compute.Instance(
    "web01",
    service_id=service.id,
    network_id=network.id,
    area=area,
    product_code="deb12",
    cpu=config.get_int("webCpu") or 2,
    ram=4,
    tags={"app": "shop"},
)

db = itcare.databases.PostgreSQL(
    "shopdb",
    name="shopdb01",
    service_id=service.id,
    network_id=network.id,
    area=area,
    product_code="deb12pg16",
    node_sizing="2cpu4gb",
    disk_size=80,
    topology="standalone",
    trigram="SHP",
    adm_password=config.require_secret("dbPassword"),
)

pulumi.export("web01Ip", web.ip_address)
pulumi.export("web01Id", web.resource_id)
pulumi.export("dbId", db.resource_id)
