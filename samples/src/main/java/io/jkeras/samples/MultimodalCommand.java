package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import picocli.CommandLine.Command;

/** {@code jkeras multimodal}: the multimodal seed program. */
@Command(name = "multimodal",
    header = "Build, compile and summarize the multimodal seed program.",
    mixinStandardHelpOptions = true,
    description = "Builds the multimodal model (image, metadata, audio and video inputs; classification_output"
        + " and regression_output), compiles it (adam; categorical_crossentropy + accuracy and mse + mae per"
        + " output) and prints its summary.")
final class MultimodalCommand extends SeedCommand {
  @Override
  Model build() {
    return SeedPrograms.multimodal();
  }

  @Override
  Compile compileArguments() {
    return SeedPrograms.multimodalCompile();
  }
}
