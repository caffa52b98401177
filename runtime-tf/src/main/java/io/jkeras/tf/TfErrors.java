package io.jkeras.tf;

import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * Turns TensorFlow's native errors into the Java exceptions jkeras documents (docs/RELIABILITY.md): the inputs
 * are checked in Java before every run, so these are a safety net for what only the kernels can see. The TF
 * exception stays attached as the cause.
 */
final class TfErrors {
  private TfErrors() {}

  /**
   * {@link IllegalArgumentException} for data TF rejected (invalid argument, out of range), {@link
   * IllegalStateException} otherwise (out of memory, failed precondition, internal).
   *
   * @param what who was running what, e.g. {@code Model 'cnn', train step on a batch of 64}
   * @return {@code e} itself when it is not one of TF's exceptions
   */
  static RuntimeException wrap(String what, RuntimeException e) {
    if (!isNative(e)) {
      return e;
    }
    String first = firstLine(e.getMessage());
    if (e instanceof TFInvalidArgumentException || e instanceof TFOutOfRangeException) {
      return new IllegalArgumentException(what + ": TensorFlow rejected the data: " + first, e);
    }
    if (e instanceof TFResourceExhaustedException) {
      return new IllegalStateException(what + ": TensorFlow ran out of memory (" + first
          + "); lower the batch size", e);
    }
    return new IllegalStateException(what + ": TensorFlow failed: " + first, e);
  }

  /**
   * Whether {@code e} comes from TF's status codes: {@code org.tensorflow.exceptions.*} (some of which extend
   * {@link IllegalArgumentException} or {@link UnsupportedOperationException}, not TensorFlowException).
   */
  static boolean isNative(Throwable e) {
    return e != null && e.getClass().getPackageName().equals("org.tensorflow.exceptions");
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
