package dev.cohort.core.spec;

/**
 * Where something was written: a file name as the user typed it, and a 1-based line and column.
 * Used in every validation error so the user can jump straight to the mistake.
 */
public record Location(String file, int line, int column) {

  /** A location for a whole file (line 1, column 1). */
  public static Location ofFile(String file) {
    return new Location(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
