package dev.cohort.sim.run;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records what the charts show (who holds which node, outages, queue waits) as the run goes, or
 * nothing at all: {@link #NONE} is the recorder of Monte Carlo runs, so the simulation never asks
 * whether anyone is recording.
 */
interface TimelineRecorder {
  void nodeJoined(String node, int incarnation, long at);

  void nodeCrashed(String node, long at);

  void reserved(String node, String job, long at);

  void freed(String node, String job, long at);

  void queueWait(long at, String job, long waited);

  /** The timeline at the end of the run ({@code end} closes open intervals). */
  Timeline finish(long end);

  /** Records nothing. */
  TimelineRecorder NONE =
      new TimelineRecorder() {
        @Override
        public void nodeJoined(String node, int incarnation, long at) {}

        @Override
        public void nodeCrashed(String node, long at) {}

        @Override
        public void reserved(String node, String job, long at) {}

        @Override
        public void freed(String node, String job, long at) {}

        @Override
        public void queueWait(long at, String job, long waited) {}

        @Override
        public Timeline finish(long end) {
          return new Timeline();
        }
      };

  /** A recorder that keeps everything. */
  static TimelineRecorder recording() {
    return new TimelineRecorder() {
      private final Timeline timeline = new Timeline();
      private final Map<String, Integer> holdCount = new HashMap<>();
      private final TreeMap<String, Long> holdSince = new TreeMap<>();
      private final TreeMap<String, Long> downSince = new TreeMap<>();

      @Override
      public void nodeJoined(String node, int incarnation, long at) {
        if (incarnation == 0) {
          timeline.nodes().add(node);
        }
        Long down = downSince.remove(node);
        if (down != null) {
          timeline.outages().add(new Timeline.Outage(node, down, at));
        }
      }

      @Override
      public void nodeCrashed(String node, long at) {
        downSince.put(node, at);
      }

      @Override
      public void reserved(String node, String job, long at) {
        String key = node + "\u0000" + job;
        if (holdCount.merge(key, 1, Integer::sum) == 1) {
          holdSince.put(key, at);
        }
      }

      @Override
      public void freed(String node, String job, long at) {
        String key = node + "\u0000" + job;
        Integer c = holdCount.get(key);
        if (c != null) {
          if (c == 1) {
            holdCount.remove(key);
            long from = holdSince.remove(key);
            timeline.holds().add(new Timeline.Hold(node, job, from, at));
          } else {
            holdCount.put(key, c - 1);
          }
        }
      }

      @Override
      public void queueWait(long at, String job, long waited) {
        timeline.queueWaits().add(new Timeline.QueueWait(at, job, waited));
      }

      @Override
      public Timeline finish(long end) {
        for (Map.Entry<String, Long> e : holdSince.entrySet()) {
          String[] parts = e.getKey().split("\u0000", 2);
          timeline.holds().add(new Timeline.Hold(parts[0], parts[1], e.getValue(), end));
        }
        for (Map.Entry<String, Long> e : downSince.entrySet()) {
          timeline.outages().add(new Timeline.Outage(e.getKey(), e.getValue(), end));
        }
        return timeline;
      }
    };
  }
}
