/**
 * Parameter sweeps over scenario keys: the values of each swept key ({@link SweepParameter}), the
 * cross product as scenarios on common random numbers ({@link SweepPlan}), results per cell ({@link
 * SweepResult}), targets on report metrics ({@link Target}), the search for the smallest integer
 * value meeting one ({@link Search}), and Young's and Daly's checkpoint optima ({@link
 * CheckpointOptimum}).
 */
package dev.cohort.sim.sweep;
