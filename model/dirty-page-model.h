/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DIRTY_PAGE_MODEL_H
#define DIRTY_PAGE_MODEL_H

#include "guest-memory.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

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
     * The pages are drawn as the Poisson writes' are (same working set and
     * distribution, same random stream); the Poisson writes due up to now are applied
     * first, so the writes stay in time order.  A paused guest writes nothing.
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
     * @brief Assign fixed random variable streams.
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// @return the page the next write lands on
    uint32_t DrawPage();
    /// @brief Draw the instant of the next write after @p after.
    void ScheduleNextWrite(Time after);

    Ptr<GuestMemory> m_memory;                 //!< memory being written
    double m_rate;                             //!< writes per second
    uint32_t m_workingSetAttribute;            //!< configured working set (0: all populated)
    uint32_t m_workingSet;                     //!< working set in use
    Distribution m_distribution;               //!< write distribution
    double m_hotFraction;                      //!< share of the working set that is hot
    double m_hotWriteFraction;                 //!< share of writes that go to the hot part
    Ptr<ExponentialRandomVariable> m_interval; //!< time between writes
    Ptr<UniformRandomVariable> m_uniform;      //!< page and hot/cold choice
    bool m_running;                            //!< whether the guest writes
    Time m_nextWrite;                          //!< instant of the next write
    uint64_t m_writes;                         //!< writes applied
};

} // namespace ns3

#endif /* DIRTY_PAGE_MODEL_H */
