/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PROCESSOR_SHARING_CPU_H
#define PROCESSOR_SHARING_CPU_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <utility>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A host CPU shared by its jobs (guest requests, dom0 migration work) by
 *        processor sharing.
 *
 * The CPU has Cores cores of Speed work units per second each.  A job's demand is the
 * time it would take alone on a speed-1 core.  With n active jobs on c cores every job
 * progresses at Speed * min(1, c / n): the jobs share the cores equally, and a job never
 * runs on more than one core at a time.
 *
 * Since all active jobs progress at the same rate, the model keeps one "virtual work"
 * counter, the work each job has received since the CPU was last idle, instead of
 * updating every job: a job finishes when the counter reaches its finish tag (counter
 * at arrival + demand), so its remaining work is the tag minus the counter.  Every
 * change (arrival, completion, cancel, pause, resume, speed or core change) advances the
 * counter to now and schedules one event, for the earliest tag; there are no per-job
 * events.  Jobs whose tags coincide (within a relative 1e-12, rounding noise) finish at
 * the same instant, in submission order; jobs of equal demand submitted together
 * therefore finish together.  Completion instants are rounded to the simulator's time
 * resolution.
 *
 * Pause stops all progress (a paused VM's jobs make no progress); jobs submitted while
 * paused wait.  StallCore takes one core away until UnstallCore (a vCPU waiting for a
 * page): the jobs share the cores left.  A zero-demand job completes from a scheduled
 * event, never inside Submit, so the caller can finish its own bookkeeping first.
 */
class ProcessorSharingCpu : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ProcessorSharingCpu();

    /**
     * @brief Start a job now.
     * @param demand CPU seconds on a speed-1 core (>= 0)
     * @param done called once when the job completes (not when it is cancelled)
     * @return the job's id: ids start at 1 (0 is never a job) and grow with submission order
     */
    uint64_t Submit(double demand, Callback<void> done);

    /**
     * @brief Drop a job without calling its callback.
     * @param id the job
     * @return whether the job was still active
     */
    bool Cancel(uint64_t id);

    /// @brief Stop all progress; does nothing if already paused.
    void Pause();

    /// @brief Continue from where Pause stopped; does nothing if not paused.
    void Resume();

    /// @return whether the CPU is paused
    bool IsPaused() const;

    /**
     * @brief One core stops running jobs until UnstallCore: a vCPU waits, e.g. for a
     *        page that has not arrived (post-copy).  The jobs share the cores left; with
     *        every core stalled they make no progress.
     */
    void StallCore();

    /// @brief A core stalled by StallCore runs jobs again.
    void UnstallCore();

    /// @return the cores stalled now
    uint32_t GetStalledCores() const;

    /**
     * @brief Change the speed now; remaining work is kept (e.g. the VM now runs on a
     *        faster host).
     * @param speed work units per second per core (> 0)
     */
    void SetSpeed(double speed);

    /// @return work units per second per core
    double GetSpeed() const;

    /**
     * @brief Change the number of cores now; remaining work is kept.
     * @param cores cores (>= 1)
     */
    void SetCores(uint32_t cores);

    /// @return the number of cores
    uint32_t GetCores() const;

    /// @return the jobs submitted and neither completed nor cancelled (paused ones too)
    uint32_t GetActiveJobs() const;

    /**
     * @param id a job
     * @return the job's remaining demand now, in speed-1 CPU seconds; 0 if the job
     *         completed, was cancelled or never existed
     */
    double GetRemainingWork(uint64_t id) const;

    /**
     * @return busy core-seconds up to now: the integral over time of the number of busy
     *         cores, min(jobs, cores not stalled), while not paused.  Divided by elapsed time and
     *         cores, it is the utilization.
     */
    double GetBusyCoreSeconds() const;

    /// @return the cores busy now: min(active jobs, cores not stalled), or 0 while paused
    uint32_t GetBusyCores() const;

    /**
     * TracedCallback signature for job completions.
     * @param [in] id the job's id
     * @param [in] sojourn time from submission to completion (paused time included)
     */
    typedef void (*JobCompletedTracedCallback)(uint64_t id, Time sojourn);

    /**
     * TracedCallback signature for changes of the number of busy cores (a host's
     * scheduler shares its physical cores among the busy vCPUs of its domains).
     * @param [in] busy the cores busy now (GetBusyCores)
     */
    typedef void (*BusyCoresTracedCallback)(uint32_t busy);

  protected:
    void DoDispose() override;

  private:
    /// One active job.
    struct Job
    {
        double finishTag;    //!< virtual work at which the job is done
        Time submitted;      //!< submission instant
        Callback<void> done; //!< completion callback
    };

    /// @return the cores that run jobs: not stalled, 0 while paused
    uint32_t RunningCores() const;
    /// @return the virtual work rate (per-job progress per second) with the current jobs
    double JobRate() const;
    /// @return the virtual work counter at the current instant, without updating it
    double VirtualWorkNow() const;
    /// @brief Bring the virtual work counter and busy time up to now.
    void Advance();
    /// @brief Cancel the pending completion event and schedule the next one, if any.
    void Reschedule();
    /// @brief The earliest job is due: complete it and every job finishing with it.
    void Complete();
    /// @brief Forget a job; resets the counter when the CPU becomes idle.
    void Erase(std::map<uint64_t, Job>::iterator it);
    /// @brief Report the busy cores if their number changed since the last report.
    void NotifyBusyCores();

    uint32_t m_cores;                                //!< number of cores
    double m_speed;                                  //!< work units per second per core
    bool m_paused;                                   //!< whether progress is suspended
    uint32_t m_stalledCores;                         //!< cores stalled (StallCore)
    double m_virtualWork;                            //!< work each active job has received
    Time m_lastUpdate;                               //!< instant m_virtualWork refers to
    Time m_busy;                                     //!< busy core-time up to m_lastUpdate
    uint64_t m_nextId;                               //!< id of the next job
    std::map<uint64_t, Job> m_jobs;                  //!< active jobs by id
    std::set<std::pair<double, uint64_t>> m_byTag;   //!< (finish tag, id), earliest first
    EventId m_completion;                            //!< next completion event
    TracedCallback<uint64_t, Time> m_completedTrace; //!< job completed
    uint32_t m_reportedBusy;                         //!< busy cores last reported
    TracedCallback<uint32_t> m_busyCoresTrace;       //!< busy cores changed
};

} // namespace ns3

#endif /* PROCESSOR_SHARING_CPU_H */
