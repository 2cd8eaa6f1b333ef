package dev.cohort.sim.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * A running fingerprint of everything that happened in a simulation, and optionally a JSON-lines
 * log of it. The hash is fed only with deterministic values (times, ordinals, numbers and strings),
 * never with identity hash codes, so the same run gives the same {@link #hash()} on any JVM, any
 * machine, any thread count. Each value is mixed in as a whole 64-bit word (two multiplies), which
 * keeps fingerprinting cheap on the engine's hot path.
 */
public final class Trace {
  private static final long SEED = 0xcbf29ce484222325L;
  private static final long K1 = 0x9e3779b97f4a7c15L;
  private static final long K2 = 0xbf58476d1ce4e5b9L;

  private long hash = SEED;
  private final Writer lines;
  private StringBuilder line;
  private boolean first;

  /** A trace that only hashes. */
  public Trace() {
    this(null);
  }

  /** A trace that also writes one JSON object per event to {@code lines} (null for none). */
  public Trace(Writer lines) {
    this.lines = lines;
  }

  /** True when a JSON-lines writer is attached (callers may skip building descriptions). */
  public boolean writing() {
    return lines != null;
  }

  void begin(long time, int priority) {
    flushLine();
    mix(time);
    mix(priority);
    if (lines != null) {
      line = new StringBuilder(96);
      line.append("{\"t\":").append(time);
      first = false;
    }
  }

  /** Adds a named text field. */
  public Trace field(String name, String value) {
    mix(value.hashCode());
    mix(value.length());
    if (line != null) {
      line.append(",\"").append(name).append("\":\"");
      escape(value);
      line.append('"');
    }
    return this;
  }

  /** Adds a named number field. */
  public Trace field(String name, long value) {
    mix(value);
    if (line != null) {
      line.append(",\"").append(name).append("\":").append(value);
    }
    return this;
  }

  /** Adds the event kind; call first from {@link SimEvent#trace}. */
  public Trace kind(String kind) {
    return field("e", kind);
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20) {
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
  }

  private void mix(long v) {
    hash = Long.rotateLeft(hash ^ (v * K1), 29) * K2;
  }

  private void flushLine() {
    if (line != null) {
      try {
        lines.write(line.append("}\n").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      line = null;
    }
  }

  /** Writes any pending line; call at the end of a run. */
  public void finish() {
    flushLine();
    if (lines != null) {
      try {
        lines.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The fingerprint so far, as 16 hex digits. */
  public String hash() {
    return String.format("%016x", hash);
  }
}
