package io.jkeras.models;

import io.jkeras.Model;

/** Keras 3's {@code model.summary()} table. TEMPORARY stub: the summary work replaces it. */
public final class SummaryPrinter {
  private SummaryPrinter() {}

  public static String summarize(Model model) {
    throw new UnsupportedOperationException("summary not implemented yet");
  }
}
