"""Reads the model JSON that jkeras writes (frontend's KerasCrossCheckTest leaves it in
frontend/target/keras-crosscheck/) with Keras' model_from_json and checks that Keras prints the same summary as
for its own model (frontend/src/test/resources/keras/). Run from the repository root:
  ./mvnw -q -o test -pl frontend -Dtest=KerasCrossCheckTest -Dsurefire.failIfNoSpecifiedTests=false
  TF_CPP_MIN_LOG_LEVEL=2 python3 tools/keras-crosscheck/load_jkeras_json.py
"""
import glob
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summaries import summary_text  # noqa: E402

failed = 0
files = sorted(glob.glob(os.path.join("frontend", "target", "keras-crosscheck", "*.json")))
if not files:
    sys.exit("no jkeras JSON found: run KerasCrossCheckTest first")
for path in files:
    name = os.path.basename(path)[:-len(".json")]
    keras.backend.clear_session()
    try:
        model = keras.models.model_from_json(open(path).read())
    except Exception as e:  # report every model, then fail
        cause = e
        while cause.__cause__ or cause.__context__:
            cause = cause.__cause__ or cause.__context__
        print("%s: Keras cannot read jkeras' JSON: %s: %s" % (name, type(cause).__name__, str(cause)[:300]))
        failed += 1
        continue
    expected = open(os.path.join("frontend", "src", "test", "resources", "keras", name + ".summary.txt")).read()
    same = summary_text(model) == expected
    failed += 0 if same else 1
    print("%s: read by Keras, %s summary" % (name, "same" if same else "DIFFERENT"))
sys.exit(1 if failed else 0)
