"""Loads the .keras and .weights.h5 files jkeras writes (runtime-tf's KerasFilesTest#filesForPythonKeras leaves
them in runtime-tf/target/keras-crosscheck/) with Python Keras and checks that Keras predicts what jkeras
predicted and that its next two training steps give the losses of jkeras' next two steps. Run from the repository root:
  ./mvnw -o -q -pl runtime-tf -am test -Dtest='KerasFilesTest#filesForPythonKeras' \\
      -Dsurefire.failIfNoSpecifiedTests=false
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/load_jkeras_keras.py
"""
import glob
import json
import logging
import os
import sys
import warnings
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402

logging.getLogger("tensorflow").setLevel(logging.ERROR)
DIR = os.path.join("runtime-tf", "target", "keras-crosscheck")


def by_prefix(data, prefix):
    return {k[len(prefix):]: data[k] for k in data.files if k.startswith(prefix)}


def main():
    files = sorted(glob.glob(os.path.join(DIR, "*.keras")))
    if not files:
        sys.exit("no jkeras .keras files in %s: run KerasFilesTest#filesForPythonKeras first" % DIR)
    failed = 0
    for path in files:
        name = os.path.basename(path)[:-len(".keras")]
        data = np.load(os.path.join(DIR, name + ".npz"))
        xs, ys, ts = by_prefix(data, "x/"), by_prefix(data, "y/"), by_prefix(data, "t/")
        keras.backend.clear_session()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = keras.models.load_model(path)
        notes = [str(w.message).split("\n")[0] for w in caught]
        input_names = [t._keras_history[0].name for t in model.inputs]
        x = [xs[n] for n in input_names]
        x = x[0] if len(x) == 1 else x
        preds = model.predict(x, verbose=0)
        preds = preds if isinstance(preds, list) else [preds]
        out_names = getattr(model, "output_names", None) or [model.layers[-1].name]
        diff = max(float(np.max(np.abs(p - ys[n]))) for p, n in zip(preds, out_names))
        line = "%-17s predictions max abs diff %.1e" % (name, diff)
        ok = diff <= 1e-5
        if "loss_next" in data.files:
            # Two steps: the second's loss depends on the optimizer state jkeras saved.
            t = [ts[n] for n in out_names]
            losses = [float(model.train_on_batch(x, t, return_dict=True)["loss"]) for _ in range(2)]
            jk = [float(v) for v in data["loss_next"]]
            rel = [abs(a - b) / max(1.0, abs(b)) for a, b in zip(losses, jk)]
            line += ", next two losses Keras %.7f %.7f, jkeras %.7f %.7f (rel. diff %.1e, %.1e)" % (
                losses[0], losses[1], jk[0], jk[1], rel[0], rel[1])
            ok &= rel[0] <= 1e-5 and rel[1] <= 1e-5
        # The weights file into the same architecture built by Keras from jkeras' config.
        config = json.loads(zipfile.ZipFile(path).read("config.json"))
        config.pop("compile_config", None)
        rebuilt = keras.saving.deserialize_keras_object(config)
        rebuilt.load_weights(os.path.join(DIR, name + ".weights.h5"))
        again = rebuilt.predict(x, verbose=0)
        again = again if isinstance(again, list) else [again]
        wdiff = max(float(np.max(np.abs(p - ys[n]))) for p, n in zip(again, out_names))
        line += "; .weights.h5 max abs diff %.1e" % wdiff
        ok &= wdiff <= 1e-5
        if notes:
            line += "; Keras warned: %s" % "; ".join(sorted(set(notes)))
        print(("ok   " if ok else "FAIL ") + line)
        failed += 0 if ok else 1
    print("%d of %d jkeras files read by Keras with the same predictions and next-step loss"
          % (len(files) - failed, len(files)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
