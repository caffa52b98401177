package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import picocli.CommandLine.Command;

/** {@code jkeras sequential-cnn}: the Sequential CNN seed program. */
@Command(name = "sequential-cnn",
    header = "Build, compile and summarize the Sequential CNN seed program.",
    mixinStandardHelpOptions = true,
    description = "Builds the CNN as a Sequential stack, compiles it (adam, sparse_categorical_crossentropy,"
        + " accuracy) and prints its summary.")
final class SequentialCnnCommand extends SeedCommand {
  @Override
  Model build() {
    return SeedPrograms.sequentialCnn();
  }

  @Override
  Compile compileArguments() {
    return SeedPrograms.cnnCompile();
  }
}
