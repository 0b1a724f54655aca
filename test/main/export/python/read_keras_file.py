"""Reads a Keras 3 .keras file the way keras.saving.load_model would find its weights.

Prints JSON: the metadata, the layer classes from config.json, and for each layer the h5 path
Keras 3's saving_lib derives from the config (class name in snake_case, numbered per class,
recurrent weights under cell/), with each variable's shape and the sha256 of its float32 bytes.
Used by test/main/export/keras-export.test.ts; needs only h5py (Debian's python3-h5py).
"""
import hashlib
import io
import json
import re
import sys
import zipfile

import h5py
import numpy as np


def to_snake_case(name):
    # keras.src.utils.naming.to_snake_case
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def main(path):
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        metadata = json.loads(zf.read("metadata.json"))
        config = json.loads(zf.read("config.json"))
        h5_bytes = zf.read("model.weights.h5")
    layers = config["config"]["layers"]
    # Sequential.layers leaves the InputLayer out, as saving_lib's walk does.
    if layers and layers[0]["class_name"] == "InputLayer":
        layers = layers[1:]
    out = {"names": names, "metadata": metadata, "layers": []}
    used = {}
    with h5py.File(io.BytesIO(h5_bytes), "r") as f:
        out["root_vars"] = len(f["vars"]) if "vars" in f else None
        out["top_groups"] = sorted(f.keys())
        out["layer_groups"] = sorted(f["layers"].keys()) if "layers" in f else []
        for layer in layers:
            name = to_snake_case(layer["class_name"])
            if name in used:
                used[name] += 1
                name = f"{name}_{used[name]}"
            else:
                used[name] = 0
            recurrent = layer["class_name"] in ("SimpleRNN", "LSTM", "GRU")
            vars_path = f"layers/{name}/cell/vars" if recurrent else f"layers/{name}/vars"
            entry = {"class_name": layer["class_name"], "name": layer["config"]["name"], "path": vars_path, "vars": []}
            if vars_path in f:
                group = f[vars_path]
                for key in sorted(group.keys(), key=int):
                    data = np.asarray(group[key], dtype="<f4")
                    entry["vars"].append(
                        {"key": key, "shape": list(data.shape), "dtype": str(group[key].dtype),
                         "sha256": hashlib.sha256(data.tobytes()).hexdigest()}
                    )
            else:
                entry["missing"] = True
            if recurrent:
                entry["outer_vars"] = len(f[f"layers/{name}/vars"]) if f"layers/{name}/vars" in f else None
            out["layers"].append(entry)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
