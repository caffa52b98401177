package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import picocli.CommandLine.Command;

/** {@code jkeras multimodal}: the multimodal seed program. */
@Command(name = "multimodal",
    header = "Build, compile, summarize and briefly train the multimodal seed program.",
    mixinStandardHelpOptions = true,
    description = "Builds the multimodal model (image, metadata, audio and video inputs; classification_output"
        + " and regression_output), compiles it (adam; categorical_crossentropy + accuracy and mse + mae per"
        + " output) prints its summary and trains it briefly (generated data of the right shapes, and draws the layer graph to target/multimodal.png).")
final class MultimodalCommand extends SeedCommand {
  @Override
  Model build() {
    return SeedPrograms.multimodal();
  }

  @Override
  Compile compileArguments() {
    return SeedPrograms.multimodalCompile();
  }

  @Override
  void train(Model model, java.io.PrintWriter out) throws Exception {
    BriefTraining.multimodal(model, samples, epochs, out);
  }

  @Override
  int defaultSamples() {
    return 256; // each example is 61,806 + 12,288 floats; 256 keep the run to a few hundred MB
  }

  @Override
  java.nio.file.Path defaultPlot() {
    return java.nio.file.Path.of("target/multimodal.png");
  }
}
