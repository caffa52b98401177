package io.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BaseLayer;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.Shape;

/**
 * Output shapes and dtypes of {@link Ops} when they are applied, with unknown batch (and other) dimensions, as
 * Keras' symbolic {@code compute_output_spec} gives them (the expected values were printed by Keras 3.15.1 for
 * the same calls on {@code KerasTensor}s), and the errors of ops on incompatible shapes: at once, naming the op,
 * the layer whose call applies it and the shapes. No native library.
 */
class OpsShapeTest {

  private static SymbolicTensor in(int... shape) {
    return Input.of(shape);
  }

  private static SymbolicTensor in(DType dtype, int... shape) {
    return Input.builder(shape).dtype(dtype).build();
  }

  private static Arguments c(String name, Supplier<Object> op, String shape, DType dtype) {
    return Arguments.of(name, op, shape, dtype);
  }

  private static final DType F = DType.FLOAT32;
  private static final DType I = DType.INT32;
  private static final DType B = DType.BOOL;

  static Stream<Arguments> specs() {
    return Stream.of(
        // arithmetic: broadcasting with unknown dims, Keras' dtype promotion and weak Java numbers
        c("add", () -> Ops.add(in(3, 4), in(4)), "(None, 3, 4)", F),
        c("add_unknown_vs_1", () -> Ops.add(in(1), in(-1)), "(None, None)", F),
        c("add_int_long", () -> Ops.add(in(I, 3), 2), "(None, 3)", I),
        c("add_int_double", () -> Ops.add(in(I, 3), 2.5), "(None, 3)", F),
        c("add_bool_long", () -> Ops.add(in(B, 3), 1), "(None, 3)", I),
        c("add_int_float", () -> Ops.add(in(I, 3), in(3)), "(None, 3)", F),
        c("add_int32_int64", () -> Ops.add(in(I, 3), in(DType.INT64, 3)), "(None, 3)", DType.INT64),
        c("add_f16_bf16", () -> Ops.add(in(DType.FLOAT16, 3), in(DType.BFLOAT16, 3)), "(None, 3)", F),
        c("subtract_long_left", () -> Ops.subtract(1, in(I, 3)), "(None, 3)", I),
        c("multiply", () -> Ops.multiply(in(3, 1), in(1, 4)), "(None, 3, 4)", F),
        c("divide_int", () -> Ops.divide(in(I, 3), in(I, 3)), "(None, 3)", F),
        c("divide_int_scalar", () -> Ops.divide(in(I, 3), 2), "(None, 3)", F),
        c("true_divide", () -> Ops.trueDivide(in(3), in(3)), "(None, 3)", F),
        c("power_long", () -> Ops.power(in(I, 3), 2), "(None, 3)", I),
        c("power_base", () -> Ops.power(2.0, in(I, 3)), "(None, 3)", F),
        c("maximum_double", () -> Ops.maximum(in(I, 3), 0.5), "(None, 3)", F),
        c("minimum_long", () -> Ops.minimum(in(I, 3), 2), "(None, 3)", I),
        c("negative", () -> Ops.negative(in(I, 3)), "(None, 3)", I),
        c("abs", () -> Ops.abs(in(3)), "(None, 3)", F),
        c("square", () -> Ops.square(in(I, 3)), "(None, 3)", I),
        c("sqrt_int", () -> Ops.sqrt(in(I, 3)), "(None, 3)", F),
        c("exp_int64", () -> Ops.exp(in(DType.INT64, 3)), "(None, 3)", F),
        c("log", () -> Ops.log(in(3)), "(None, 3)", F),
        c("log1p", () -> Ops.log1p(in(3)), "(None, 3)", F),
        c("erf", () -> Ops.erf(in(3)), "(None, 3)", F),
        c("sign_int", () -> Ops.sign(in(I, 3)), "(None, 3)", I),
        c("clip_int", () -> Ops.clip(in(I, 3), 0, 2), "(None, 3)", I),
        c("clip_bool", () -> Ops.clip(in(B, 3), 0, 1), "(None, 3)", I),
        // linear algebra
        c("matmul", () -> Ops.matmul(in(3, 4), in(4, 5)), "(None, 3, 5)", F),
        c("matmul_broadcast", () -> Ops.matmul(in(3, 4), Ops.reshape(in(20), -1, 4, 5)), "(None, 3, 5)", F),
        c("matmul_vec", () -> Ops.matmul(in(3, 4), Ops.reshape(in(4), 4)), "(None, 3)", F),
        c("matmul_int", () -> Ops.matmul(in(I, 3), Ops.reshape(in(I, 3), 3, -1)), "(None, None)", I),
        c("dot", () -> Ops.dot(in(3, 4), in(4, 5)), "(None, 3, None, 5)", F),
        c("tensordot", () -> Ops.tensordot(in(3, 4), Ops.reshape(in(20), 4, 5), 1), "(None, 3, 5)", F),
        c("einsum", () -> Ops.einsum("bij,bjk->bik", in(3, 4), in(4, 5)), "(None, 3, 5)", F),
        c("einsum_implicit", () -> Ops.einsum("bij,bjk", in(3, 4), in(4, 5)), "(3, 5)", F),
        c("einsum_ellipsis", () -> Ops.einsum("...j,jk->...k", in(3, 4), Ops.reshape(in(20), 4, 5)),
            "(None, 3, 5)", F),
        // shapes
        c("reshape", () -> Ops.reshape(in(3, 4), -1, 2), "(None, 2)", F),
        c("reshape_known", () -> Ops.reshape(Ops.reshape(in(12), 3, 4), 2, -1), "(2, 6)", F),
        c("transpose", () -> Ops.transpose(in(3, 4)), "(4, 3, None)", F),
        c("transpose_axes", () -> Ops.transpose(in(3, 4), 0, -1, -2), "(None, 4, 3)", F),
        c("expand_dims", () -> Ops.expandDims(in(4), -1), "(None, 4, 1)", F),
        c("squeeze", () -> Ops.squeeze(in(1, 3)), "(None, 3)", F),
        c("squeeze_axis", () -> Ops.squeeze(in(3, 1), -1), "(None, 3)", F),
        c("concatenate", () -> Ops.concatenate(List.of(in(3, 4), in(2, 4)), 1), "(None, 5, 4)", F),
        c("concatenate_batch", () -> Ops.concatenate(List.of(in(3, 4), in(3, 4))), "(None, 3, 4)", F),
        c("stack", () -> Ops.stack(List.of(in(4), in(4)), 1), "(None, 2, 4)", F),
        c("split", () -> Ops.split(in(6), new int[] {1, 4}, 1).get(2), "(None, 2)", F),
        c("split_sections", () -> Ops.split(in(6), 3, -1).get(0), "(None, 2)", F),
        c("take", () -> Ops.take(in(3, 4), in(I, 2), 1), "(None, None, 2, 4)", F),
        c("take_flat", () -> Ops.take(in(3, 4), in(I, 2)), "(None, 2)", F),
        c("take_along_axis", () -> Ops.takeAlongAxis(in(3, 4), in(I, 2, 4), 1), "(None, 2, 4)", F),
        c("where", () -> Ops.where(in(B, 3), in(I, 3), 0.5), "(None, 3)", F),
        c("where_int", () -> Ops.where(in(B, 3), in(I, 3), 0), "(None, 3)", I),
        c("cast", () -> Ops.cast(in(3), I), "(None, 3)", I),
        c("tile", () -> Ops.tile(in(3, 4), 2, 1, 1), "(None, 3, 4)", F),
        c("tile_known", () -> Ops.tile(in(3, 4), 2, 3), "(None, 6, 12)", F),
        c("tile_more", () -> Ops.tile(in(3), 2, 1, 1), "(2, None, 3)", F),
        c("repeat", () -> Ops.repeat(in(3, 4), 2, 1), "(None, 6, 4)", F),
        c("repeat_flat", () -> Ops.repeat(in(3), 2), "(None,)", F),
        c("repeat_unknown", () -> Ops.repeat(in(-1, 3), 2, 2), "(None, None, 6)", F),
        c("pad", () -> Ops.pad(in(3, 4), new int[][] {{0, 0}, {1, 1}, {2, 2}}), "(None, 5, 8)", F),
        c("pad_reflect", () -> Ops.pad(in(3, 4), new int[][] {{0, 0}, {1, 1}, {2, 2}}, "reflect"), "(None, 5, 8)",
            F),
        c("slice", () -> Ops.slice(in(3, 4), new long[] {0, 0, 0}, new long[] {2, 2, 2}), "(2, 2, 2)", F),
        c("slice_rest", () -> Ops.slice(in(3, 4), new long[] {0, 1, 0}, new long[] {-1, -1, 2}), "(None, 2, 2)", F),
        c("ones_like", () -> Ops.onesLike(in(I, 3)), "(None, 3)", I),
        c("full_like", () -> Ops.fullLike(in(3), 2), "(None, 3)", F),
        c("one_hot", () -> Ops.oneHot(in(I, 3), 5), "(None, 3, 5)", F),
        c("one_hot_axis", () -> Ops.oneHot(in(I, 3), 5, 1), "(None, 5, 3)", F),
        // reductions
        c("sum_bool", () -> Ops.sum(in(B, 3)), "()", I),
        c("sum_int8", () -> Ops.sum(in(DType.INT8, 3), 1), "(None,)", I),
        c("sum_keepdims", () -> Ops.sum(in(3, 4), true, 1, -1), "(None, 1, 1)", F),
        c("mean_int", () -> Ops.mean(in(I, 3), 1), "(None,)", F),
        c("max_bool", () -> Ops.max(in(B, 3), false, 1), "(None,)", B),
        c("min", () -> Ops.min(in(3, 4), false, 0), "(3, 4)", F),
        c("prod_bool", () -> Ops.prod(in(B, 3)), "()", I),
        c("argmax", () -> Ops.argmax(in(3, 4), 1), "(None, 4)", I),
        c("argmax_keepdims", () -> Ops.argmax(in(3, 4), -1, true), "(None, 3, 1)", I),
        c("argmin_flat", () -> Ops.argmin(in(3, 4)), "()", I),
        c("cumsum_bool", () -> Ops.cumsum(in(B, 3), 1), "(None, 3)", I),
        c("cumsum_flat", () -> Ops.cumsum(in(3)), "(None,)", F),
        c("norm", () -> Ops.norm(in(3, 4), false, 1, 2), "(None,)", F),
        c("norm_int", () -> Ops.norm(in(I, 3), true, -1), "(None, 1)", F),
        c("logsumexp", () -> Ops.logsumexp(in(3, 4), -1, false), "(None, 3)", F),
        // comparisons and logic
        c("equal", () -> Ops.equal(in(I, 3), in(3)), "(None, 3)", B),
        c("less_double", () -> Ops.less(in(I, 3), 1.5), "(None, 3)", B),
        c("greater_equal", () -> Ops.greaterEqual(in(3), 0.0), "(None, 3)", B),
        c("logical_and", () -> Ops.logicalAnd(in(B, 3), in(3)), "(None, 3)", B),
        c("logical_not", () -> Ops.logicalNot(in(I, 3)), "(None, 3)", B),
        // nn
        c("relu_int", () -> Ops.relu(in(I, 3)), "(None, 3)", I),
        c("sigmoid", () -> Ops.sigmoid(in(3)), "(None, 3)", F),
        c("gelu", () -> Ops.gelu(in(3)), "(None, 3)", F),
        c("softmax", () -> Ops.softmax(in(3, 4), 1), "(None, 3, 4)", F),
        c("log_softmax", () -> Ops.logSoftmax(in(3, -1)), "(None, 3, None)", F),
        c("conv", () -> Ops.conv(in(-1, -1, 3), Ops.reshape(in(216), 3, 3, 3, 8), null, "same", null),
            "(None, None, None, 8)", F),
        c("conv_strides", () -> Ops.conv(in(7, 3), Ops.reshape(in(18), 3, 3, 2), new int[] {2}, "valid", null),
            "(None, 3, 2)", F),
        c("depthwise_conv", () -> Ops.depthwiseConv(in(5, 5, 2), Ops.reshape(in(36), 3, 3, 2, 2), null, "valid",
            null), "(None, 3, 3, 4)", F),
        c("conv_transpose", () -> Ops.convTranspose(in(-1, 4, 3), Ops.reshape(in(216), 3, 3, 8, 3),
            new int[] {2}, "valid"), "(None, None, 9, 8)", F),
        c("max_pool", () -> Ops.maxPool(in(-1, 7, 3), new int[] {2}, null, "valid"), "(None, None, 3, 3)", F),
        c("average_pool_same", () -> Ops.averagePool(in(5, 3), new int[] {2}, null, "same"), "(None, 3, 3)", F),
        c("moments", () -> Ops.moments(in(3, 4), 0, 1).get(0), "(4,)", F),
        c("batch_normalization", () -> Ops.batchNormalization(in(3, 4), Ops.reshape(in(3), 3),
            Ops.reshape(in(3), 3), 1, null, null), "(None, 3, 4)", F));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void outputSpecIsKeras(String name, Supplier<Object> op, String shape, DType dtype) {
    Object result = op.get();
    SymbolicTensor t = (SymbolicTensor) result;
    assertEquals(shape, Shapes.format(t.shape()), name);
    assertEquals(dtype, t.dtype(), name);
  }

  @Test
  void arangeOnlyInsideACall() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.arange(5));
    assertTrue(e.getMessage().contains("ops.arange") && e.getMessage().contains("call("), e.getMessage());
  }

  // ---------------------------------------------------------------- errors

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }
  }

  @Test
  void incompatibleShapesFailAtOnceNamingTheOpAndBothShapes() {
    assertMentions(error(() -> Ops.matmul(in(3), in(4, 5))), "ops.matmul", "(None, 3)", "(None, 4, 5)");
    assertMentions(error(() -> Ops.add(in(3), in(4))), "ops.add", "(None, 3)", "(None, 4)");
    assertMentions(error(() -> Ops.concatenate(List.of(in(3, 4), in(3, 5)), 1)), "ops.concatenate",
        "(None, 3, 4)", "(None, 3, 5)");
    assertMentions(error(() -> Ops.reshape(Ops.reshape(in(12), 3, 4), 5, -1)), "ops.reshape", "(3, 4)");
    assertMentions(error(() -> Ops.einsum("ij,jk->ik", Ops.reshape(in(12), 3, 4), Ops.reshape(in(10), 5, 2))),
        "ops.einsum", "(3, 4)", "(5, 2)");
    assertMentions(error(() -> Ops.conv(in(5, 5, 2), Ops.reshape(in(27), 3, 3, 3, 1), null, "valid", null)),
        "ops.conv", "(None, 5, 5, 2)", "(3, 3, 3, 1)");
    assertMentions(error(() -> Ops.where(in(B, 3), in(3), in(4))), "ops.where", "(None, 3)", "(None, 4)");
    assertMentions(error(() -> Ops.takeAlongAxis(in(3, 4), in(I, 2, 5), 1)), "ops.take_along_axis",
        "(None, 3, 4)", "(None, 2, 5)");
  }

  @Test
  void badArgumentsNameTheOpAndTheShape() {
    assertMentions(error(() -> Ops.softmax(in(3), 2)), "ops.softmax", "axis 2", "(None, 3)");
    assertMentions(error(() -> Ops.sum(in(3), false, -3)), "ops.sum", "(None, 3)");
    assertMentions(error(() -> Ops.expandDims(in(3), 3)), "ops.expand_dims", "(None, 3)");
    assertMentions(error(() -> Ops.split(in(5), 2, 1)), "ops.split", "(None, 5)");
    assertMentions(error(() -> Ops.squeeze(in(3), 1)), "ops.squeeze", "(None, 3)");
    assertMentions(error(() -> Ops.pad(in(3), new int[][] {{0, 0}, {3, 0}}, "reflect")), "ops.pad", "(None, 3)");
    assertMentions(error(() -> Ops.take(in(3), in(2), 1)), "ops.take", "float32");
    assertMentions(error(() -> Ops.clip(in(I, 3), 0.5, 2)), "ops.clip", "int32");
    assertMentions(error(() -> Ops.norm(in(3, 4))), "ops.norm", "(None, 3, 4)");
    assertMentions(error(() -> Ops.norm(in(3, 4), 2, false, 1, 2)), "ops.norm", "singular value");
    assertMentions(error(() -> Ops.tensordot(in(3, 4), in(3, 4), new int[] {1}, new int[] {2})), "ops.tensordot",
        "(None, 3, 4)");
  }

  /** A layer written in ops whose kernel does not fit its input. */
  static final class BadLayer extends BaseLayer<BadLayer> {
    private Variable kernel;

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(in.get(in.numDimensions() - 1) + 1, 2), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.matmul(x, kernel);
    }
  }

  @Test
  void anOpInsideACallFailsWhenTheLayerIsAppliedNamingOpLayerAndShapes() {
    BadLayer layer = new BadLayer().name("bad");
    String message = error(() -> layer.apply(in(3)));
    assertMentions(message, "ops.matmul", "Layer 'bad'", "BadLayer", "(None, 3)", "(4, 2)");
    assertFalse(layer.isBuilt(), "a failed call leaves no weights behind");
    assertTrue(layer.weights().isEmpty());
  }

  /** A layer whose call returns nothing. */
  static final class NullLayer extends BaseLayer<NullLayer> {
    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return null;
    }
  }

  @Test
  void aCallReturningNothingIsRefusedClearly() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new NullLayer().name("empty").apply(in(3)));
    assertMentions(e.getMessage(), "Layer 'empty'", "null");
  }

  /** {@code x * scale}, a weight per feature. */
  static final class Scale extends BaseLayer<Scale> {
    private Variable scale;

    @Override
    protected void build(Shape in) {
      scale = addWeight("scale", Shape.of(in.get(in.numDimensions() - 1)), "ones", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.multiply(x, scale);
    }
  }

  @Test
  void aLayerWrittenInOpsGetsItsShapeFromItsCall() {
    Scale layer = new Scale();
    SymbolicTensor y = layer.apply(in(-1, 3));
    assertEquals("(None, None, 3)", Shapes.format(y.shape()));
    assertEquals(1, layer.weights().size());
  }

  @Test
  void aWeightOutsideItsLayersCallIsRefused() {
    Scale layer = new Scale();
    layer.apply(in(2));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Ops.add(in(2), layer.weights().get(0)));
    assertMentions(e.getMessage(), "scale", "inside a layer's call");
  }
}
