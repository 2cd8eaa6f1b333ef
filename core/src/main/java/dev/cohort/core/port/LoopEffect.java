package dev.cohort.core.port;

/**
 * A command the loop around a controller keeps rather than the cluster: a timer to set, the job's
 * end. The simulator keeps them in virtual time, the real driver's runtime loop on the clock.
 */
public sealed interface LoopEffect extends Command permits Command.SetTimer, Command.JobFinished {

  /** One method per loop effect. */
  interface Handler {
    void setTimer(Command.SetTimer t);

    void jobFinished(Command.JobFinished f);
  }

  /** Hands this effect to the handler method for its kind. */
  void applyTo(Handler h);

  @Override
  default void dispatch(ClusterCommand.Handler cluster, Handler loop) {
    applyTo(loop);
  }
}
