"""Prints, as JSON, the argument_spec that ansible-core's own modules hand to AnsibleModule.

Each module's main() is called with AnsibleModule replaced by a recorder that stops it at once, so nothing runs.
Usage: python3 argspec.py MODULE [MODULE...]   (short names for ansible.builtin, FQCN for collections)
"""
import importlib
import json
import sys

from ansible.module_utils import basic
FILE_COMMON_ARGUMENTS = basic.FILE_COMMON_ARGUMENTS


class Captured(Exception):
    def __init__(self, kwargs):
        super().__init__("captured")
        self.kwargs = kwargs


class Recorder:
    def __init__(self, *args, **kwargs):
        if args:
            kwargs["argument_spec"] = args[0]
        raise Captured(kwargs)


def plain(v):
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return getattr(v, "__name__", str(v))


def find(name):
    """ansible.builtin first, then the collections Debian's ansible package ships that rigger's modules come from."""
    if "." in name:
        ns, coll, short = name.split(".")
        return importlib.import_module("ansible_collections.%s.%s.plugins.modules.%s" % (ns, coll, short))
    for path in ("ansible.modules.", "ansible_collections.ansible.posix.plugins.modules.",
                 "ansible_collections.community.general.plugins.modules."):
        try:
            return importlib.import_module(path + name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(name)


def helper_spec(mod):
    """community.general's ModuleHelper modules declare their AnsibleModule arguments as a class attribute."""
    for v in vars(mod).values():
        m = getattr(v, "module", None)
        if isinstance(v, type) and getattr(v, "__module__", None) == mod.__name__ and isinstance(m, dict) \
                and "argument_spec" in m:
            return m
    return None


def spec(name):
    mod = find(name)
    helper = helper_spec(mod)
    if helper is not None:
        return recorded(helper)
    real = basic.AnsibleModule
    setattr(mod, "AnsibleModule", Recorder)
    basic.AnsibleModule = Recorder
    try:
        mod.main()
    except Captured as c:
        return recorded(c.kwargs)
    except SystemExit:
        return None
    finally:
        basic.AnsibleModule = real
    return None


def recorded(kw):
    """What AnsibleModule(**kw) was given, as plain JSON."""
    args = dict(kw.get("argument_spec", {}))
    if kw.get("add_file_common_args"):
        for k, v in FILE_COMMON_ARGUMENTS.items():
            args.setdefault(k, v)
    out = {"argument_spec": args}
    for k in ("mutually_exclusive", "required_if", "required_one_of", "required_together", "required_by",
              "supports_check_mode"):
        if k in kw:
            out[k] = kw[k]
    return plain(out)


result = {}
for n in sys.argv[1:]:
    try:
        result[n] = spec(n)
    except Exception as e:  # a module that cannot be imported here: say so, do not guess
        result[n] = {"error": "%s: %s" % (type(e).__name__, e)}
json.dump(result, sys.stdout, indent=1, sort_keys=True)
