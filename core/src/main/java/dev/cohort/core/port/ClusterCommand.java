package dev.cohort.core.port;

/** A command a backend carries out on the cluster: reserve or release capacity, start or stop. */
public sealed interface ClusterCommand extends Command
    permits Command.CreatePlacementGroup,
        Command.RemovePlacementGroup,
        Command.RequestActor,
        Command.ReleaseActor,
        Command.StartReplica,
        Command.StopReplica {

  /** One method per cluster command; every backend implements all of them. */
  interface Handler {
    void createPlacementGroup(Command.CreatePlacementGroup c);

    void removePlacementGroup(Command.RemovePlacementGroup c);

    void requestActor(Command.RequestActor c);

    void releaseActor(Command.ReleaseActor c);

    void startReplica(Command.StartReplica c);

    void stopReplica(Command.StopReplica c);
  }

  /** Hands this command to the handler method for its kind. */
  void applyTo(Handler h);

  @Override
  default void dispatch(Handler cluster, LoopEffect.Handler loop) {
    applyTo(cluster);
  }
}
