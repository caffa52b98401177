package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HDF5 files as Keras writes them (groups, float/int datasets, string attributes), read and written with <a
 * href="https://github.com/jamesmudd/jhdf">jhdf</a>, a pure-Java HDF5 library (MIT, on Maven Central): no native
 * HDF5 is needed. A file is read whole into a tree of {@link Group}s and {@link Npz.Array}s, so that a truncated
 * or corrupt file fails before anything is loaded into a model; docs/SAVING.md says why jhdf and what it can do.
 *
 * <pre>{@code
 * Hdf5.Group root = new Hdf5.Group();
 * root.group("layers/dense/vars").put("0", Npz.Array.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
 * byte[] h5 = Hdf5.toBytes(root);          // Python: h5py.File(io.BytesIO(h5))["layers/dense/vars/0"]
 * }</pre>
 */
final class Hdf5 {
  /** The HDF5 signature (format spec, "Superblock"): the first 8 bytes of a file without a user block. */
  static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  static {
    // jhdf logs through SLF4J, which prints a 3-line "no providers" notice to standard error on first use when the
    // application has no logging backend: noise among a user's output. A library should not choose a backend for
    // its users, so only SLF4J's own notices are turned down, and only when the application has not set them; a
    // backend on the class path still gets jhdf's messages.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
  }

  private Hdf5() {}

  /** A group: attributes (String, String[], Long, long[], Double, double[]) and children by name, in order. */
  static final class Group {
    final Map<String, Object> attributes = new LinkedHashMap<>();
    final Map<String, Object> children = new LinkedHashMap<>();

    /** The group at {@code path} ({@code a/b/c}) below this one, made where missing. */
    Group group(String path) {
      Group g = this;
      for (String part : path.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        Object child = g.children.computeIfAbsent(part, k -> new Group());
        if (!(child instanceof Group next)) {
          throw new IllegalArgumentException("'" + part + "' in '" + path + "' is a dataset, not a group");
        }
        g = next;
      }
      return g;
    }

    void put(String name, Npz.Array array) {
      children.put(name, array);
    }

    /** The child at {@code path}, or {@code null}. */
    Object get(String path) {
      Object o = this;
      for (String part : path.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (!(o instanceof Group g) || (o = g.children.get(part)) == null) {
          return null;
        }
      }
      return o;
    }

    /** The group at {@code path}, or {@code null} when there is none (or a dataset is there). */
    Group getGroup(String path) {
      return get(path) instanceof Group g ? g : null;
    }

    /** A string attribute (Keras writes str, h5py bytes); {@code null} when absent. */
    String stringAttribute(String name) {
      Object v = attributes.get(name);
      return v instanceof String s ? s : v instanceof String[] a && a.length == 1 ? a[0] : null;
    }

    /**
     * A list-of-strings attribute as Keras' {@code load_attributes_from_hdf5_group} reads it: {@code name}, or
     * chunks {@code name0}, {@code name1}, ... when it was too large for one attribute; empty when absent.
     */
    List<String> stringsAttribute(String name) {
      List<String> out = new ArrayList<>();
      if (attributes.containsKey(name)) {
        addStrings(out, attributes.get(name));
        return out;
      }
      for (int i = 0; attributes.containsKey(name + i); i++) {
        addStrings(out, attributes.get(name + i));
      }
      return out;
    }

    private static void addStrings(List<String> out, Object v) {
      if (v instanceof String s) {
        out.add(s);
      } else if (v instanceof String[] a) {
        out.addAll(Arrays.asList(a));
      }
      // an empty list is written by h5py as a float64 array of length 0: nothing to add
    }
  }

  // ---------------------------------------------------------------- reading

  /** Whether {@code bytes} start with the HDF5 signature. */
  static boolean isHdf5(byte[] head) {
    return head.length >= SIGNATURE.length && Arrays.equals(Arrays.copyOf(head, SIGNATURE.length), SIGNATURE);
  }

  /** Whether the file at {@code path} starts with the HDF5 signature (false when it cannot be read). */
  static boolean isHdf5(Path path) {
    try (var in = Files.newInputStream(path)) {
      return isHdf5(in.readNBytes(SIGNATURE.length));
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads a whole HDF5 file; {@code what} starts the error message. */
  static Group read(Path path, String what) throws SavingException {
    Npz.checkReadable(path, what);
    try (HdfFile f = new HdfFile(path)) {
      return copy(f, path, what);
    } catch (SavingException e) {
      throw e;
    } catch (RuntimeException e) { // jhdf's HdfException, or a buffer underflow on a truncated file
      throw corrupt(path, what, e);
    }
  }

  /** Reads HDF5 bytes (an entry of a {@code .keras} archive); {@code what} starts the error message. */
  static Group read(byte[] bytes, Path path, String what) throws SavingException {
    try (HdfFile f = HdfFile.fromBytes(bytes)) {
      return copy(f, path, what);
    } catch (SavingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw corrupt(path, what, e);
    }
  }

  private static SavingException corrupt(Path path, String what, RuntimeException e) {
    return new SavingException(path, what + ": not a readable HDF5 file (truncated or corrupt: "
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
  }

  private static Group copy(io.jhdf.api.Group from, Path path, String what) throws SavingException {
    Group g = new Group();
    for (Map.Entry<String, Attribute> a : from.getAttributes().entrySet()) {
      g.attributes.put(a.getKey(), attributeValue(a.getValue()));
    }
    for (Map.Entry<String, Node> e : from.getChildren().entrySet()) {
      Node n = e.getValue();
      if (n instanceof io.jhdf.api.Group child) {
        g.children.put(e.getKey(), copy(child, path, what));
      } else if (n instanceof Dataset d) {
        g.children.put(e.getKey(), array(d, path, what));
      }
    }
    return g;
  }

  private static Object attributeValue(Attribute a) {
    Object v = a.getData();
    if (v == null || v instanceof String || v instanceof String[]) {
      return v;
    }
    if (v instanceof Number n) {
      return n instanceof Double || n instanceof Float ? (Object) n.doubleValue() : (Object) n.longValue();
    }
    return v; // numeric arrays: kept as jhdf gives them (Keras' attributes are strings)
  }

  private static Npz.Array array(Dataset d, Path path, String what) throws SavingException {
    long[] shape = Arrays.stream(d.getDimensions()).asLongStream().toArray();
    Class<?> type = d.getJavaType();
    Object flat = d.isScalar() ? d.getData() : d.isEmpty() ? null : d.getDataFlat();
    if (flat == null) {
      if (type == float.class || type == double.class) {
        return Npz.Array.ofFloats(new float[0], shape);
      }
      return new Npz.Array(shape, null, new long[0]);
    }
    if (flat instanceof float[] f) {
      return Npz.Array.ofFloats(f, shape);
    }
    if (flat instanceof Float f) {
      return Npz.Array.ofFloats(new float[] {f}, shape);
    }
    if (flat instanceof double[] dd) {
      float[] f = new float[dd.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) dd[i];
      }
      return Npz.Array.ofFloats(f, shape);
    }
    if (flat instanceof Double dv) {
      return Npz.Array.ofFloats(new float[] {dv.floatValue()}, shape);
    }
    if (flat instanceof Number n) {
      return new Npz.Array(shape, null, new long[] {n.longValue()});
    }
    if (flat.getClass().isArray() && flat.getClass().getComponentType().isPrimitive()) {
      int len = Array.getLength(flat);
      long[] l = new long[len];
      for (int i = 0; i < len; i++) {
        l[i] = ((Number) Array.get(flat, i)).longValue(); // byte/short/int/long
      }
      return new Npz.Array(shape, null, l);
    }
    throw new SavingException(path, what + ": dataset '" + d.getPath() + "' holds " + type.getSimpleName()
        + " values; jkeras reads float and integer weights");
  }

  // ---------------------------------------------------------------- writing

  /**
   * The bytes of an HDF5 file holding {@code root}. jhdf writes to a file, so this goes through a temporary
   * file, deleted before returning.
   */
  static byte[] toBytes(Group root) throws IOException {
    Path tmp = Files.createTempFile("jkeras-", ".h5");
    try {
      try (WritableHdfFile f = HdfFile.write(tmp)) {
        fill(f, root);
      }
      return Files.readAllBytes(tmp);
    } catch (RuntimeException e) {
      throw new IOException("HDF5 writer failed: " + e, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void fill(WritableGroup to, Group from) {
    attributes(to, from);
    for (Map.Entry<String, Object> e : from.children.entrySet()) {
      if (e.getValue() instanceof Group g) {
        // jhdf 0.11.0 writes a corrupt file (h5py: "bad object header version number") when a group without
        // children follows a dataset; Keras needs no empty groups, so none is written.
        if (hasDataset(g)) {
          fill(to.putGroup(e.getKey()), g);
        }
      } else {
        to.putDataset(e.getKey(), nested((Npz.Array) e.getValue()));
      }
    }
  }

  private static boolean hasDataset(Group g) {
    for (Object o : g.children.values()) {
      if (!(o instanceof Group child) || hasDataset(child)) {
        return true;
      }
    }
    return false;
  }

  private static void attributes(WritableNode to, Group from) {
    from.attributes.forEach(to::putAttribute);
  }

  /** jhdf takes N-d data as nested Java arrays ({@code float[2][3]}) and scalars as boxed values. */
  static Object nested(Npz.Array a) {
    long[] shape = a.shape();
    if (shape.length == 0) {
      return a.isFloat() ? (Object) a.floats()[0] : (Object) a.longs()[0];
    }
    Object flat = a.isFloat() ? a.floats() : a.longs();
    if (shape.length == 1) {
      return flat;
    }
    int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    Object out = Array.newInstance(a.isFloat() ? float.class : long.class, dims);
    int[] offset = {0};
    fillNested(out, flat, dims, 0, offset);
    return out;
  }

  private static void fillNested(Object target, Object flat, int[] dims, int depth, int[] offset) {
    if (depth == dims.length - 1) {
      int n = dims[depth];
      System.arraycopy(flat, offset[0], target, 0, n);
      offset[0] += n;
      return;
    }
    for (int i = 0; i < dims[depth]; i++) {
      fillNested(Array.get(target, i), flat, dims, depth + 1, offset);
    }
  }
}
