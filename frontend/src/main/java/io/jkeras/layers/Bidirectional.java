package io.jkeras.layers;

import io.jkeras.Variable;
import io.jkeras.saving.ModelSerializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it backwards and merges the two outputs
 * (Keras' {@code Bidirectional(layer, merge_mode="concat", backward_layer=None)}). As in Keras the forward
 * layer is a fresh copy of {@code layer} named {@code forward_<name>}, the backward one a copy with {@code
 * go_backwards=True} named {@code backward_<name>} (or the given {@code backward_layer}); both get {@code
 * zero_output_for_mask = return_sequences}, and the backward sequence is flipped back to time order before the
 * merge. {@code merge_mode}: {@code concat} (output size {@code 2 * units}), {@code sum}, {@code mul}, {@code
 * ave}; Keras' {@code None} (two outputs) is not supported. With {@code return_state} the forward states then
 * the backward states follow the output; initial states are extra inputs, the forward half first.
 * Parameters: both layers'.
 *
 * <pre>{@code
 * var x = Input.of(10, 16);
 * var y = new Bidirectional(new LSTM(64)).apply(x);                       // (None, 128), 41,472 params
 * var s = new Bidirectional(new GRU(8).returnSequences(true), "sum").apply(x);   // (None, 10, 8)
 * }</pre>
 */
public final class Bidirectional extends BaseLayer<Bidirectional> {
  private static final List<String> MERGE_MODES = List.of("concat", "sum", "mul", "ave");
  private final RNN<?> forward;
  private final RNN<?> backward;
  private final String mergeMode;

  /** {@code merge_mode="concat"}. */
  public Bidirectional(RNN<?> layer) {
    this(layer, "concat");
  }

  public Bidirectional(RNN<?> layer, String mergeMode) {
    this(layer, mergeMode, null);
  }

  /**
   * @param layer the recurrent layer to copy for the forward direction
   * @param mergeMode {@code concat}, {@code sum}, {@code mul} or {@code ave}
   * @param backwardLayer the layer for the backward direction (with {@code go_backwards=True}), or {@code null}
   *     for a copy of {@code layer}
   */
  public Bidirectional(RNN<?> layer, String mergeMode, RNN<?> backwardLayer) {
    Objects.requireNonNull(layer, "Bidirectional: argument 'layer' is null");
    if (mergeMode == null || !MERGE_MODES.contains(mergeMode.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("Bidirectional: invalid merge_mode '" + mergeMode + "'; expected one of "
          + MERGE_MODES + " (None is not supported)");
    }
    this.mergeMode = mergeMode.toLowerCase(Locale.ROOT);
    this.forward = copy(layer, "forward_" + stripPrefix(layer.name(), "forward_"), null);
    this.backward = backwardLayer != null ? backwardLayer
        : copy(layer, "backward_" + stripPrefix(layer.name(), "backward_"), true);
    if (forward.goBackwards() == backward.goBackwards()) {
      throw new IllegalArgumentException("Bidirectional: forward layer and backward layer should have different "
          + "go_backwards values, got " + forward.goBackwards() + " for both");
    }
    if (forward.returnSequences() != backward.returnSequences()
        || forward.returnState() != backward.returnState()) {
      throw new IllegalArgumentException("Bidirectional: forward layer and backward layer are expected to have "
          + "the same return_sequences and return_state");
    }
    if (forward.getClass() != backward.getClass() && forward.stateCount() != backward.stateCount()) {
      throw new IllegalArgumentException("Bidirectional: forward and backward layers need the same number of "
          + "states");
    }
    forward.zeroOutputForMask(forward.returnSequences());
    backward.zeroOutputForMask(backward.returnSequences());
  }

  private static String stripPrefix(String name, String prefix) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  // A fresh layer from the config, as Keras' serialize/deserialize round trip: no weights carried over.
  private static RNN<?> copy(RNN<?> layer, String name, Boolean goBackwards) {
    Map<String, Object> config = new LinkedHashMap<>(layer.getConfig());
    config.put("name", name);
    config.remove("batch_shape");
    if (goBackwards != null) {
      config.put("go_backwards", goBackwards);
    }
    return (RNN<?>) LayerRegistry.fromConfig(layer.className(), config);
  }

  /** Rebuilds the layer from Keras' config ({@code layer}, {@code backward_layer}, {@code merge_mode}). */
  public static Bidirectional fromConfig(Map<String, ?> config) {
    Object mode = config.get("merge_mode");
    if (mode == null && config.containsKey("merge_mode")) {
      throw new IllegalArgumentException("Bidirectional: merge_mode=None is not supported");
    }
    RNN<?> layer = rnn(config.get("layer"), "layer");
    Object back = config.get("backward_layer");
    Bidirectional b = new Bidirectional(layer, mode == null ? "concat" : (String) mode,
        back == null ? null : rnn(back, "backward_layer"));
    b.applyBaseConfig(config);
    return b;
  }

  private static RNN<?> rnn(Object serialized, String key) {
    Layer l = LayerConfigs.layer(serialized, "Bidirectional config '" + key + "'");
    if (!(l instanceof RNN<?> r)) {
      throw new IllegalArgumentException("Bidirectional: '" + key + "' must be a SimpleRNN, LSTM or GRU, got "
          + l.className());
    }
    return r;
  }

  public RNN<?> forwardLayer() {
    return forward;
  }

  public RNN<?> backwardLayer() {
    return backward;
  }

  public String mergeMode() {
    return mergeMode;
  }

  public boolean returnSequences() {
    return forward.returnSequences();
  }

  public boolean returnState() {
    return forward.returnState();
  }

  @Override
  protected void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    forward.trainable(trainable);
    backward.trainable(trainable);
  }

  @Override
  protected List<Variable> ownWeights() {
    List<Variable> out = new ArrayList<>(forward.weights());
    out.addAll(backward.weights());
    return out;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    int n = forward.stateCount();
    if (inputShapes.size() != 1 && inputShapes.size() != 1 + 2 * n) {
      throw error("expects the sequence and optionally " + 2 * n + " initial states (forward then backward), got "
          + inputShapes.size() + " inputs: " + formatShapes(inputShapes));
    }
    List<Shape> fwd;
    List<Shape> bwd;
    try {
      fwd = forward.computeOutputShapes(half(inputShapes, 0));
      bwd = backward.computeOutputShapes(half(inputShapes, 1));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    List<Shape> out = new ArrayList<>();
    Shape y = fwd.get(0);
    if (mergeMode.equals("concat")) {
      long[] dims = y.asArray();
      dims[dims.length - 1] += bwd.get(0).get(bwd.get(0).numDimensions() - 1);
      y = Shape.of(dims);
    } else if (!java.util.Arrays.equals(y.asArray(), bwd.get(0).asArray())) {
      throw error("merge_mode '" + mergeMode + "' needs equal output shapes, got " + formatShapes(
          List.of(y, bwd.get(0))));
    }
    out.add(y);
    out.addAll(fwd.subList(1, fwd.size()));
    out.addAll(bwd.subList(1, bwd.size()));
    return out;
  }

  /** The inputs of one direction: the sequence and that direction's half of the initial states. */
  List<Shape> half(List<Shape> inputShapes, int direction) {
    if (inputShapes.size() == 1) {
      return inputShapes;
    }
    int n = forward.stateCount();
    List<Shape> out = new ArrayList<>();
    out.add(inputShapes.get(0));
    out.addAll(inputShapes.subList(1 + direction * n, 1 + (direction + 1) * n));
    return out;
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    forward.buildWithoutNode(half(inputShapes, 0));
    backward.buildWithoutNode(half(inputShapes, 1));
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    List<Optional<Shape>> out = new ArrayList<>();
    out.add(returnSequences() ? inputMasks.get(0) : Optional.empty());
    int outputs = computeOutputShapes(inputShapes).size();
    while (out.size() < outputs) {
      out.add(Optional.empty());
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("merge_mode", mergeMode);
    c.put("layer", ModelSerializer.serializeLayer(forward));
    c.put("backward_layer", ModelSerializer.serializeLayer(backward));
    return c;
  }
}
