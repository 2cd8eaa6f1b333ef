package dev.cohort.testkit;

/**
 * What a property that held ran: how many values were checked and discarded, from which base seed.
 *
 * @param name the property's name
 * @param checked values the property held for
 * @param discarded values skipped (outside the premise, a filter that gave up, a JUnit assumption)
 * @param baseSeed the seed of the first try
 */
public record PropertyReport(String name, int checked, int discarded, long baseSeed) {
  /** One line for logs and test reports. */
  public String summary() {
    return String.format(
        "property '%s' held for %d tries (%d discarded), seeds from %d",
        name, checked, discarded, baseSeed);
  }
}
