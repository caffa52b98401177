package io.jkeras.tf;

import io.jkeras.backend.SummaryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.CreateSummaryFileWriter;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard event files written by TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteScalarSummary}, {@code WriteHistogramSummary}, {@code WriteGraphSummary}, {@code WriteSummary},
 * {@code FlushSummaryWriter}, {@code CloseSummaryWriter}), as {@code tf.summary.create_file_writer} does: one
 * {@code events.out.tfevents.<time>.<host>.<pid>.<n>.v2} file per writer. The writer lives in a small graph and
 * session of its own, fed through placeholders, so the model's graph is untouched and nothing grows per call.
 *
 * <pre>{@code
 * try (SummaryWriter w = model.runtime().createSummaryWriter(Path.of("logs/train"))) { // a TfSummaryWriter
 *   w.scalar("epoch_loss", 0.25, 0);
 * }
 * }</pre>
 */
final class TfSummaryWriter implements SummaryWriter {
  private static final AtomicLong IDS = new AtomicLong();

  private final Path dir;
  private final Supplier<byte[]> graphDef;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TString> tag;
  private final Placeholder<TInt64> step;
  private final Placeholder<TFloat32> scalar;
  private final Placeholder<TFloat32> values;
  private final Placeholder<TString> text;
  private final Placeholder<TString> metadata;
  private final Op writeScalar;
  private final Op writeHistogram;
  private final Op writeGraph;
  private final Op writeSummary;
  private final Op flush;
  private final Op closeOp;
  private boolean closed;

  /**
   * @param dir the log directory (created if missing)
   * @param graphDef the serialized GraphDef that {@link #graph(long)} writes
   */
  TfSummaryWriter(Path dir, Supplier<byte[]> graphDef) {
    this.dir = dir;
    this.graphDef = graphDef;
    Session s = null;
    try {
      Files.createDirectories(dir);
      Ops tf = Ops.create(graph);
      var writer = tf.summary.summaryWriter(
          org.tensorflow.op.summary.SummaryWriter.sharedName("jkeras_writer_" + IDS.incrementAndGet()));
      tag = tf.placeholder(TString.class);
      step = tf.placeholder(TInt64.class);
      scalar = tf.placeholder(TFloat32.class);
      values = tf.placeholder(TFloat32.class);
      text = tf.placeholder(TString.class);
      metadata = tf.placeholder(TString.class);
      // tf.summary.create_file_writer's defaults: max_queue=10, flush_millis=120000, filename_suffix=".v2".
      CreateSummaryFileWriter create = tf.summary.createSummaryFileWriter(writer,
          tf.constant(dir.toAbsolutePath().toString()), tf.constant(10), tf.constant(120_000), tf.constant(".v2"));
      writeScalar = tf.summary.writeScalarSummary(writer, step, tag, scalar);
      writeHistogram = tf.summary.writeHistogramSummary(writer, step, tag, values);
      writeGraph = tf.summary.writeGraphSummary(writer, step, text);
      writeSummary = tf.summary.writeSummary(writer, step, text, tag, metadata);
      flush = tf.summary.flushSummaryWriter(writer);
      closeOp = tf.summary.closeSummaryWriter(writer);
      s = new Session(graph);
      session = s;
      session.run(create);
    } catch (IOException e) {
      graph.close();
      throw new UncheckedIOException("TensorBoard: cannot create the log directory " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      graph.close();
      throw new IllegalStateException("TensorBoard: cannot open an event file in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public synchronized void scalar(String name, double value, long at) {
    run(writeScalar, name, at, TFloat32.scalarOf((float) value));
  }

  @Override
  public synchronized void histogram(String name, float[] data, long at) {
    run(writeHistogram, name, at, TFloat32.vectorOf(data));
  }

  @Override
  public synchronized void graph(long at) {
    checkOpen();
    List<Tensor> feeds = new ArrayList<>();
    try {
      TInt64 s = TInt64.scalarOf(at);
      feeds.add(s);
      TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(graphDef.get()));
      feeds.add(g);
      session.runner().feed(step, s).feed(text, g).addTarget(writeGraph).run().close();
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  @Override
  public synchronized void kerasModel(String modelJson, long at) {
    checkOpen();
    // As Keras' keras_model_summary: the model JSON under "keras", for TensorBoard's graph_keras_model plugin.
    byte[] meta = SummaryMetadata.newBuilder().setPluginData(SummaryMetadata.PluginData.newBuilder()
        .setPluginName("graph_keras_model").setContent(com.google.protobuf.ByteString.copyFromUtf8("1")))
        .build().toByteArray();
    List<Tensor> feeds = new ArrayList<>();
    try {
      TInt64 s = TInt64.scalarOf(at);
      feeds.add(s);
      TString t = TString.scalarOf("keras");
      feeds.add(t);
      TString json = TString.scalarOf(modelJson);
      feeds.add(json);
      TString m = TString.tensorOfBytes(NdArrays.scalarOfObject(meta));
      feeds.add(m);
      session.runner().feed(step, s).feed(tag, t).feed(text, json).feed(metadata, m).addTarget(writeSummary)
          .run().close();
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  private void run(Op op, String name, long at, TFloat32 data) {
    List<Tensor> feeds = new ArrayList<>();
    feeds.add(data);
    try {
      checkOpen();
      TInt64 s = TInt64.scalarOf(at);
      feeds.add(s);
      TString t = TString.scalarOf(name);
      feeds.add(t);
      session.runner().feed(step, s).feed(tag, t).feed(op == writeScalar ? scalar : values, data).addTarget(op)
          .run().close();
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  @Override
  public synchronized void flush() {
    checkOpen();
    session.run(flush);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.run(closeOp);
    } finally {
      try {
        session.close();
      } finally {
        graph.close();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The TensorBoard writer of " + dir + " is closed");
    }
  }
}
