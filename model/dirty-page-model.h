/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DIRTY_PAGE_MODEL_H
#define DIRTY_PAGE_MODEL_H

#include "guest-memory.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief How a guest's workload writes its memory.
 *
 * Writes form a Poisson process of rate PageWriteRate.  Each write goes to a page of a
 * writable working set of WorkingSetPages pages spread evenly over the populated
 * memory: uniformly, or (Distribution=hot-cold) with HotWriteFraction of the writes on
 * the first HotFraction of the working set.
 *
 * No event is scheduled per write.  The writes are applied lazily, when somebody
 * reads the dirty log (Update), as Xen's log-dirty PEEK and CLEAN operations would
 * find them: the model draws the write instants since the last update from the
 * exponential inter-write times and applies them in order.  Reading the log more or
 * less often therefore does not change which pages were written when.  The number
 * of distinct pages dirtied in a window saturates at the working-set size, which is
 * what lets pre-copy converge.  A paused guest writes nothing.
 *
 * With RequestHotSetPages set, the writes the guest makes per request (WriteNow) land
 * in a hot set of their own, the first RequestHotSetPages pages of the working set,
 * uniformly: a server answering the same requests rewrites the same buffers.
 *
 * While the memory is in Xen's log-dirty mode, the LogDirtyFaults trace reports, after
 * each batch of applied writes, how many of them were first writes to a page since
 * the last CLEAN of the dirty log (GuestMemory::SetLogDirty).  The writes of a lazy
 * Update happened at their own instants since the previous one, but are reported
 * together when applied; the log is read before each batch of a migration, so the
 * lag is at most a batch's time.
 */
class DirtyPageModel : public Object
{
  public:
    /// Where in the working set writes land.
    enum Distribution
    {
        UNIFORM,  //!< every working-set page equally likely
        HOT_COLD, //!< a hot part of the working set takes most writes
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    DirtyPageModel();

    /**
     * @brief Write into @p memory from now on (the model starts paused).
     * @param memory the guest's memory
     */
    void Attach(Ptr<GuestMemory> memory);

    /**
     * @brief Apply the writes that happened up to now.
     */
    void Update();

    /**
     * @brief Apply @p pages writes now, on top of the Poisson writes (e.g. a request
     *        the guest just served).
     *
     * Each page is drawn uniformly from the first min(RequestHotSetPages, working
     * set) pages of the working set, from the same random stream as the Poisson
     * writes'; with RequestHotSetPages 0 the pages are drawn as the Poisson writes'
     * are (whole working set, same distribution).  The Poisson writes due up to now
     * are applied first, so the writes stay in time order.  A paused guest writes
     * nothing.
     * @param pages the number of page writes
     */
    void WriteNow(uint32_t pages);

    /// @brief Stop writing (the guest was paused); writes up to now are applied first.
    void Pause();

    /// @brief Start or continue writing from now on.
    void Resume();

    /// @return the number of page writes applied so far
    uint64_t GetWriteCount() const;

    /**
     * TracedCallback signature for log-dirty write faults.
     * @param [in] faults the faults caused by the batch of writes just applied (> 0)
     */
    typedef void (*LogDirtyFaultsTracedCallback)(uint32_t faults);

    /**
     * @brief Assign fixed random variable streams.
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// @return the page the next Poisson write lands on
    uint32_t DrawPage();
    /// @return the page the next per-request write (WriteNow) lands on
    uint32_t DrawRequestPage();
    /**
     * @param index an index into the working set
     * @return the memory page it stands for
     */
    uint32_t WorkingSetPage(uint32_t index) const;
    /**
     * @brief Report the log-dirty faults counted since @p before.
     * @param before GuestMemory::GetLogDirtyFaults before the batch of writes
     */
    void ReportFaults(uint64_t before);
    /// @brief Draw the instant of the next write after @p after.
    void ScheduleNextWrite(Time after);

    Ptr<GuestMemory> m_memory;                 //!< memory being written
    double m_rate;                             //!< writes per second
    uint32_t m_workingSetAttribute;            //!< configured working set (0: all populated)
    uint32_t m_workingSet;                     //!< working set in use
    uint32_t m_requestHotSet;                  //!< configured per-request hot set (0: all)
    Distribution m_distribution;               //!< write distribution
    double m_hotFraction;                      //!< share of the working set that is hot
    double m_hotWriteFraction;                 //!< share of writes that go to the hot part
    Ptr<ExponentialRandomVariable> m_interval; //!< time between writes
    Ptr<UniformRandomVariable> m_uniform;      //!< page and hot/cold choice
    bool m_running;                            //!< whether the guest writes
    Time m_nextWrite;                          //!< instant of the next write
    uint64_t m_writes;                         //!< writes applied
    TracedCallback<uint32_t> m_faultsTrace;    //!< log-dirty faults per batch of writes
};

} // namespace ns3

#endif /* DIRTY_PAGE_MODEL_H */
