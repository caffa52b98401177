package io.jkeras.tf;

import com.sun.jna.NativeLibrary;
import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.layers.Dense;
import io.jkeras.training.Fit;

/**
 * The program {@link NativeLoggingTest} runs in a child JVM: it trains a tiny model as a user's program would
 * (which makes TensorFlow write its usual INFO lines), then logs one INFO, one WARNING and one ERROR line
 * through TensorFlow's own C API ({@code TF_Log}), and ends with {@value #DONE} on standard output.
 */
public final class QuietLogsChild {
  static final String DONE = "QUIET-LOGS-CHILD-DONE";
  static final String INFO_TEXT = "jkeras quiet-logs test: an INFO line";
  static final String WARNING_TEXT = "jkeras quiet-logs test: a WARNING line";
  static final String ERROR_TEXT = "jkeras quiet-logs test: an ERROR line";

  private QuietLogsChild() {}

  public static void main(String[] args) {
    var in = Input.of(4);
    var out = new Dense(3).activation("softmax").apply(in);
    try (Model model = Model.of(in, out)) {
      model.compile(Compile.optimizer("sgd").loss("sparse_categorical_crossentropy"));
      float[][] x = new float[8][4];
      int[] y = new int[8];
      for (int i = 0; i < 8; i++) {
        x[i][i % 4] = 1;
        y[i] = i % 3;
      }
      model.fit(x, y, Fit.epochs(1).batchSize(4).verbose(0));
    }
    // TF_Log(TF_LogLevel level, const char* fmt, ...): TF_INFO 0, TF_WARNING 1, TF_ERROR 2.
    var tfLog = NativeLibrary.getInstance("libtensorflow_framework.so.2").getFunction("TF_Log");
    tfLog.invokeVoid(new Object[] {0, "%s", INFO_TEXT});
    tfLog.invokeVoid(new Object[] {1, "%s", WARNING_TEXT});
    tfLog.invokeVoid(new Object[] {2, "%s", ERROR_TEXT});
    System.out.println(DONE);
  }
}
