"""Extracts Nova's own request-body JSON Schemas, every microversion variant, into JSON.

    python3 tools/openstack-schemas/extract-nova-request-schemas.py OUTPUT.json

It fetches the `nova` wheel from PyPI with `pip download --no-deps` (no install), imports
nova/api/openstack/compute/schemas/*.py with small stand-ins for the few nova modules they
import (nova.i18n, nova.objects.instance, nova.objects.tag), and reads which schema each API
method validates against in which microversion range from the `@validation.schema(...)`
decorators of the controllers. The emulator checks every request body it receives against
the result (packages/cloud-emulator/src/openstack/schemas/nova-request-schemas.json).
"""
import importlib
import json
import re
import subprocess
import sys
import tempfile
import types
import zipfile
from pathlib import Path

NOVA_VERSION = "34.0.0"
# Controller file -> (URL collection the emulator serves, the schema module it imports).
CONTROLLERS = {
    "servers.py": ("servers", "servers"),
    "server_groups.py": ("os-server-groups", "server_groups"),
    "server_metadata.py": ("servers/metadata", "server_metadata"),
}


def stand_in(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def main(output):
    work = Path(tempfile.mkdtemp(prefix="nova-schemas-"))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"nova=={NOVA_VERSION}", "-d", str(work)],
        check=True,
    )
    wheel = zipfile.ZipFile(next(work.glob("nova-*.whl")))
    for name in wheel.namelist():
        if name.startswith(("nova/api/validation/", "nova/api/openstack/compute/schemas/")) and name.endswith(".py"):
            wheel.extract(name, work)
    for package in ["nova", "nova/api", "nova/api/openstack", "nova/api/openstack/compute"]:
        (work / package / "__init__.py").touch()
    # nova/api/validation/__init__.py imports the whole API machinery; the schemas need only its modules.
    (work / "nova/api/validation/__init__.py").write_text("")
    stand_in("nova.i18n", _=lambda text: text)
    stand_in("nova.objects")
    stand_in("nova.objects.instance", MAX_TAG_COUNT=50)
    stand_in("nova.objects.tag", MAX_TAG_LENGTH=60)
    sys.modules["nova.objects"].instance = sys.modules["nova.objects.instance"]
    sys.modules["nova.objects"].tag = sys.modules["nova.objects.tag"]
    sys.path.insert(0, str(work))

    decorator = re.compile(r"""@validation\.schema\(\s*\w+\.(\w+)\s*(?:,\s*['"]([\d.]+)['"])?\s*(?:,\s*['"]([\d.]+)['"])?\s*\)""")
    result = {"nova": NOVA_VERSION, "methods": {}}
    for controller, (collection, module_name) in CONTROLLERS.items():
        source = wheel.read(f"nova/api/openstack/compute/{controller}").decode()
        module = importlib.import_module(f"nova.api.openstack.compute.schemas.{module_name}")
        pending = []
        for line in source.splitlines():
            found = decorator.search(line)
            if found:
                schema_name, minimum, maximum = found.groups()
                pending.append({"schema": schema_name, "min": minimum or "2.1", "max": maximum})
                continue
            method = re.match(r"\s+def (\w+)\(", line)
            if method and pending:
                variants = result["methods"].setdefault(f"{collection}.{method.group(1)}", [])
                for entry in pending:
                    variants.append({**entry, "body": getattr(module, entry["schema"])})
                pending = []
    Path(output).write_text(json.dumps(result, indent=1, sort_keys=True, default=str) + "\n")
    print(f"wrote {sum(len(v) for v in result['methods'].values())} schema variants of {len(result['methods'])} methods to {output}")


if __name__ == "__main__":
    main(sys.argv[1])
