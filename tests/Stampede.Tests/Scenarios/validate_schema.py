"""Validates JSON documents against docs/schema/stampede.schema.json for SchemaAgreementTests.

Python's jsonschema (the reference implementation of JSON Schema, draft 2020-12 included) is used
because JsonSchema.Net cannot be restored from this repository's package source. One process serves
a whole test run: it reads one JSON request per line on stdin and answers one JSON line on stdout.

  {"op": "check", "path": "docs/schema/x.json"}   -> {"errors": [...]}  the file against the 2020-12 meta-schema
  {"op": "validate", "instance": ...}             -> {"errors": [...]}  the instance against the schema
  {"op": "validate", "ref": "#/$defs/duration", "instance": ...}        ... against one of its $defs

Each error is {"path": JSON pointer of the instance location, "message": ...}; the errors inside an anyOf or
oneOf are listed after it.
"""

import json
import sys
from importlib.metadata import version

try:
    from jsonschema import Draft202012Validator
except ImportError as missing:
    print(json.dumps({"ready": False, "error": f"{sys.executable} has no jsonschema module ({missing})"}), flush=True)
    sys.exit(1)


def pointer(path):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


_descend = Draft202012Validator.descend


def _descend_keeping_paths(self, instance, schema, path=None, schema_path=None, *args, **kwargs):
    """jsonschema returns the error of a `false` subschema before adding where it is; add it, so that
    `stages: false` is reported at /scenarios/s/stages as editors do, not at /scenarios/s."""
    for error in _descend(self, instance, schema, path, schema_path, *args, **kwargs):
        if schema is False:
            if path is not None:
                error.path.appendleft(path)
            if schema_path is not None:
                error.schema_path.appendleft(schema_path)
        yield error


Draft202012Validator.descend = _descend_keeping_paths


def leaves(error):
    """The error and, for anyOf/oneOf, the errors of its branches, as editors show the deepest ones.
    The branch that says the value itself is not null is the `~` alternative, which explains nothing."""
    yield error
    for sub in error.context or ():
        if not (sub.validator == "type" and sub.validator_value == "null" and list(sub.absolute_path) == list(error.absolute_path)):
            yield from leaves(sub)


def errors_of(validator, instance):
    found = [e for top in validator.iter_errors(instance) for e in leaves(top)]
    found.sort(key=lambda e: (pointer(e.absolute_path), e.message))
    return [{"path": pointer(e.absolute_path), "message": e.message} for e in found]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validators = {None: Draft202012Validator(schema)}
    print(json.dumps({"ready": True, "jsonschema": version("jsonschema")}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "check":
            with open(request["path"], encoding="utf-8") as f:
                checked = json.load(f)
            meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
            answer = {"errors": errors_of(meta, checked)}
        else:
            ref = request.get("ref")
            if ref not in validators:
                # A root that holds the same $defs, so the definition's own "#/$defs/…" references resolve.
                wrapper = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": ref}
                validators[ref] = Draft202012Validator(wrapper)
            answer = {"errors": errors_of(validators[ref], request["instance"])}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
