/**
 * The {@code cohort} command line (picocli): simulate, validate and explain, with one-line errors
 * and exit code 2 for every user mistake.
 */
package dev.cohort.driver.cli;
