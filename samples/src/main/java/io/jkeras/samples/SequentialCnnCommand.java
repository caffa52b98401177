package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import picocli.CommandLine.Command;

/** {@code jkeras sequential-cnn}: the Sequential CNN seed program. */
@Command(name = "sequential-cnn",
    header = "Build, compile, summarize and briefly train the Sequential CNN seed program.",
    mixinStandardHelpOptions = true,
    description = "Builds the CNN as a Sequential stack, compiles it (adam, sparse_categorical_crossentropy,"
        + " accuracy) prints its summary and trains it briefly (the first --samples MNIST images).")
final class SequentialCnnCommand extends SeedCommand {
  @Override
  Model build() {
    return SeedPrograms.sequentialCnn();
  }

  @Override
  Compile compileArguments() {
    return SeedPrograms.cnnCompile();
  }

  @Override
  void train(Model model, java.io.PrintWriter out) throws Exception {
    BriefTraining.mnist(model, samples, epochs, out);
  }
}
