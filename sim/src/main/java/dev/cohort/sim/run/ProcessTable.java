package dev.cohort.sim.run;

import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.sim.engine.SimEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica processes alive on simulated nodes, indexed by job (by replica index) and by node, so
 * a crash touches only its node's processes and a job's completion only its own. A process on a
 * crashed node is <em>stalled</em>: it stopped computing but is not reported lost until the GCS
 * declares its node dead.
 */
final class ProcessTable {

  /** A replica process on a node. */
  static final class Proc {
    final JobRun job;
    final ReplicaId replica;
    final int attempt;
    final int node;
    final Slot slot;

    /** The work completion scheduled for it, if any (cancelled when it stops). */
    SimEvent done;

    boolean stalled;

    Proc(JobRun job, ReplicaId replica, int attempt, int node, Slot slot) {
      this.job = job;
      this.replica = replica;
      this.attempt = attempt;
      this.node = node;
      this.slot = slot;
    }
  }

  /** A job's processes by replica index, and how many of them are not stalled. */
  static final class JobProcesses {
    final Proc[] byReplica;
    int up;
    int live;

    JobProcesses(int max) {
      this.byReplica = new Proc[max];
    }
  }

  /** Live processes by node id (ids are small and reused). */
  private List<Proc>[] onNode = newLists(16);

  /** Jobs with at least one live process, in the order they got their first. */
  private final java.util.LinkedHashSet<JobRun> withProcesses = new java.util.LinkedHashSet<>();

  private int live;

  @SuppressWarnings("unchecked")
  private static List<Proc>[] newLists(int n) {
    return (List<Proc>[]) new List<?>[n];
  }

  private List<Proc> listOn(int node, boolean create) {
    if (node >= onNode.length) {
      if (!create) {
        return null;
      }
      onNode = java.util.Arrays.copyOf(onNode, Math.max(node + 1, onNode.length * 2));
    }
    List<Proc> l = onNode[node];
    if (l == null && create) {
      l = new ArrayList<>(4);
      onNode[node] = l;
    }
    return l;
  }

  private static JobProcesses of(JobRun run) {
    if (run.processes == null) {
      run.processes = new JobProcesses(run.spec.replicas().max());
    }
    return run.processes;
  }

  /** Starts tracking a process; it counts as up. */
  Proc add(JobRun run, ReplicaId replica, int attempt, int node, Slot slot) {
    Proc p = new Proc(run, replica, attempt, node, slot);
    JobProcesses jp = of(run);
    jp.byReplica[replica.index()] = p;
    jp.up++;
    if (jp.live++ == 0) {
      withProcesses.add(run);
    }
    live++;
    listOn(node, true).add(p);
    return p;
  }

  /** The live process of replica {@code index} of a job, or null. */
  Proc get(JobRun run, int index) {
    return run.processes == null ? null : run.processes.byReplica[index];
  }

  /** Stops tracking a process. */
  void remove(Proc p) {
    JobProcesses jp = p.job.processes;
    jp.byReplica[p.replica.index()] = null;
    if (!p.stalled) {
      jp.up--;
    }
    if (--jp.live == 0) {
      withProcesses.remove(p.job);
    }
    live--;
    listOn(p.node, false).remove(p);
  }

  /** Marks a process stalled (its node crashed); returns false if it already was. */
  boolean stall(Proc p) {
    if (p.stalled) {
      return false;
    }
    p.stalled = true;
    p.job.processes.up--;
    if (p.done != null) {
      p.done.cancel();
    }
    return true;
  }

  /** Jobs with at least one live process, in the order they got their first. */
  List<JobRun> jobsWithProcesses() {
    return new ArrayList<>(withProcesses);
  }

  /** Processes on a node, in replica order (job name, then index). */
  List<Proc> onNode(int node) {
    List<Proc> on = listOn(node, false);
    if (on == null || on.isEmpty()) {
      return List.of();
    }
    List<Proc> sorted = new ArrayList<>(on);
    sorted.sort((a, b) -> a.replica.compareTo(b.replica));
    return sorted;
  }

  /** A job's processes that are not stalled, by replica index. */
  List<Proc> upOf(JobRun run) {
    List<Proc> out = new ArrayList<>();
    if (run.processes != null) {
      for (Proc p : run.processes.byReplica) {
        if (p != null && !p.stalled) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** How many of a job's processes are not stalled. */
  int up(JobRun run) {
    return run.processes == null ? 0 : run.processes.up;
  }

  /** Every live process (for checks), job by job. */
  void forEach(java.util.function.Consumer<Proc> visit) {
    for (JobRun run : withProcesses) {
      {
        for (Proc p : run.processes.byReplica) {
          if (p != null) {
            visit.accept(p);
          }
        }
      }
    }
  }

  /** Number of live processes. */
  int size() {
    return live;
  }
}
