package io.jkeras.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * A session whose graph runs through a TensorFlow server ({@code grpc://host:port}). TF Java 1.1.0 has no
 * public constructor for one, but its C API does ({@code TF_SetTarget}) and {@code Session} wraps a native
 * session through a package-private constructor: both are reached here, the latter by reflection (TF Java's
 * jar is opened to the class path's unnamed module).
 */
final class RemoteSession {
  private RemoteSession() {}

  static Session open(Graph graph, String target, ConfigProto config) {
    try {
      Method ref = Graph.class.getDeclaredMethod("ref");
      ref.setAccessible(true);
      AutoCloseable reference = (AutoCloseable) ref.invoke(graph);
      try {
        Method handle = reference.getClass().getDeclaredMethod("nativeHandle");
        handle.setAccessible(true);
        TF_Graph nativeGraph = (TF_Graph) handle.invoke(reference);
        TF_Session session = newSession(nativeGraph, target, config);
        Constructor<Session> wrap = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
        wrap.setAccessible(true);
        return wrap.newInstance(graph, session);
      } finally {
        reference.close();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
      if (cause instanceof RuntimeException re && TfErrors.isNative(re)) {
        throw re;
      }
      throw new IllegalStateException("Cannot open a TensorFlow session on " + target + " through TF Java "
          + org.tensorflow.TensorFlow.version() + " (its package-private Session(Graph, TF_Session) constructor): "
          + cause, cause);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot open a TensorFlow session on " + target + ": " + e, e);
    }
  }

  private static TF_Session newSession(TF_Graph graph, String target, ConfigProto config) {
    TF_Status status = TF_Status.newStatus();
    TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
    try {
      TF_SetTarget(options, target);
      byte[] bytes = config.toByteArray();
      try (BytePointer p = new BytePointer(bytes)) {
        TF_SetConfig(options, p, bytes.length, status);
        status.throwExceptionIfNotOK();
      }
      TF_Session session = TF_NewSession(graph, options, status);
      status.throwExceptionIfNotOK();
      return session;
    } finally {
      options.delete();
      status.delete();
    }
  }
}
