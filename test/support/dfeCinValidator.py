# Runs the DfE's CIN census rules for a year, as implemented independently by csc-validator-be-cin, over XML
# returns; prints JSON: for each file every broken rule with the child it names (none for a rule about the whole
# return) and any rule the validator itself could not run; and the year's rule list. For
# test/support/dfeValidator.ts only. Usage: python dfeCinValidator.py RULESET FILE...
import contextlib, importlib, io, json, re, sys, warnings
import xml.etree.ElementTree as ET

warnings.filterwarnings("ignore")
from cin_validator import cin_validator

ruleset, files = sys.argv[1], sys.argv[2:]
registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry


def verdict(path):
    data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        v = cin_validator.CinValidator(data, registry)
    found = {(str(r["rule_code"]), str(r["child_id"])) for _, r in v.full_issue_df.iterrows()}
    found |= {(str(r["rule_code"]), "") for _, r in v.multichild_issues.iterrows()}
    return {
        "issues": [{"rule": rule, "child": child} for rule, child in sorted(found)],
        "crashed": sorted(set(re.findall(r"Error with rule (\w+)", said.getvalue()))),
    }


def verdict_or_failure(path):
    # The validator itself can fail on a file (a rule's own bug): said, so the caller can tell it from a pass.
    try:
        return verdict(path)
    except Exception as e:
        return {"issues": [], "crashed": [], "failed": f"{type(e).__name__}: {e}"}


print(json.dumps({"files": [verdict_or_failure(f) for f in files], "rules": sorted(str(k) for k in registry)}))
