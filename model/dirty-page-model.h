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

#include <array>
#include <memory>
#include <vector>

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
 * <b>What is simulated.</b>  Thinning a Poisson process by independent page choices
 * makes every working-set page an independent Poisson process of its own, of rate
 * r_k / K_k on the K_k pages of a part k that takes r_k of the r writes per second:
 * one part (r, K) for uniform writes; for hot-cold ones with hot share h, the hot
 * part (r h, K_h) and the cold one (r (1 - h), K - K_h).  Only a write that finds its
 * page clean changes anything the hypervisor sees: it sets the dirty bit, bumps the
 * page's version and, in log-dirty mode, faults.  A write to a page already dirty
 * changes nothing until the next CLEAN.  The model therefore draws only the
 * clean-to-dirty transitions, as competing exponentials: with C_k clean pages in
 * part k, the next one comes after an exponential time of rate sum_k r_k C_k / K_k,
 * in part k with probability proportional to r_k C_k / K_k, on a page uniform among
 * that part's clean pages (rejection: uniform draws in the part until a clean one).
 * The clean pages' clocks are memoryless, so the next instant is drawn afresh
 * whenever the clean counts change (a transition, a CLEAN, a per-request write, a
 * Resume).  This is exact in distribution for the dirty bitmap, the versions and the
 * log-dirty faults, at any rate, and costs what the pages cost: per transition one
 * exponential, one draw of the part if there are two, and K_k / C_k uniform draws on
 * average -- while a part fills from clean to full, K_k H_K_k < K_k (1 + ln K_k) of
 * those (H_n the harmonic number).  Nothing grows with the rate.
 *
 * <b>Writes to pages already dirty</b> are not drawn: the model adds up their expected
 * number, the integral of sum_k r_k (K_k - C_k) / K_k over the time the guest runs.
 * They change no state (no bit, no version, no fault), so only GetWriteCount sees
 * them, and a Poisson draw of them would need a sampler exact for means up to
 * 10^20 (past the integers a double holds) for no observable effect, and would tie
 * the random streams to how often the log is read.  With the expectation,
 * GetWriteCount's mean is exactly PageWriteRate times the running time (plus the
 * per-request writes), and reading the log more or less often changes nothing.
 *
 * <b>Time.</b>  The instants of transitions are kept in seconds as doubles (2.2e-16
 * relative precision: finer than ns-3's nanosecond for the first 52 days of a run)
 * and never converted to ns-3 Time, so no rate can overflow it.  The horizon is
 * Time::Max, the last instant ns-3's Time can represent (2^63 ns, some 292 years):
 * a transition beyond it can never be reached by a simulation and counts as never
 * (at 10^-300 writes/s, every one).
 *
 * <b>Laziness.</b>  No event is scheduled.  The transitions are applied when somebody
 * reads the dirty log (Update), as Xen's log-dirty PEEK and CLEAN operations would
 * find them; GuestMemory calls the model itself just before a CLEAN and before its
 * log-dirty mode changes.  The random draws happen in the order of the transitions,
 * so reading the log more or less often does not change which pages were written
 * when.  The number of distinct pages dirtied in a window saturates at the
 * working-set size, which is what lets pre-copy converge.  A paused guest writes
 * nothing.
 *
 * <b>Layout.</b>  The working set is spread evenly over the populated pages, and its
 * parts (the hot part of HOT_COLD, the per-request hot set) are its first indices in a
 * scrambled order: index i stands for position i * s mod W of the working set's W pages
 * in page order, with s the integer nearest W / phi (phi the golden ratio) that is
 * coprime with W.  By the three-gap theorem the first n indices then split the memory
 * into gaps of at most three lengths; while n is small against the square root of W
 * (where s / W's continued fraction is still the golden ratio's) the longest is at most
 * phi^2 (2.62) times the shortest.  So a part is spread over the whole memory, as a
 * guest's buffers lie scattered over its physical frames, and is not its first pages
 * (where a transfer in page order would reach it first).
 *
 * With RequestHotSetPages set, the writes the guest makes per request (WriteNow) land
 * in a hot set of their own, the first RequestHotSetPages indices of the working set,
 * uniformly: a server answering the same requests rewrites the same buffers.  Of m
 * such writes, those that find a clean page are drawn as above: the number of writes
 * before the next one that does is geometric, with the share of clean pages as its
 * success probability.
 *
 * While the memory is in Xen's log-dirty mode, the LogDirtyFaults trace reports, after
 * each batch of applied writes, how many of them were first writes to a page since
 * the last CLEAN of the dirty log (GuestMemory::SetLogDirty).  The writes of a lazy
 * Update happened at their own instants since the previous one, but are reported
 * together when applied; the log is read before each batch of a migration, so the
 * lag is at most a batch's time.
 *
 * The model assumes it is its memory's only writer between two CLEANs (it counts the
 * clean pages of its working set itself).
 *
 * <b>Accesses.</b>  The guest also reads pages: PageAccessRate reads per second in the
 * background, uniformly over the working set, and RequestAccessPages per request in the
 * per-request hot set (AccessNow).  They change nothing in memory; only a host that may
 * lack a page (a post-copy target, MigrationReceiver) watches them, and it treats the
 * writes as accesses too (GetAccessRate): it draws the accesses that fault as a Poisson
 * process of that rate times the share of the working set it lacks, as the writes are
 * drawn, never one access at a time.
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
     * The largest PageWriteRate accepted: 10^10 page writes/s, ten per nanosecond.  A
     * page write is at least one store, and a core retires at most a few stores per
     * cycle at a few GHz; a larger value is a mistake in the input, not a workload.
     * (The model's cost does not grow with the rate; the bound only refuses nonsense
     * such as 1e308.)
     */
    static constexpr double MAX_PAGE_WRITE_RATE = 1e10;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    DirtyPageModel();

    /**
     * @brief Write into @p memory from now on (the model starts paused).
     *
     * Reads the working-set attributes, counts the working set's dirty pages and
     * registers with @p memory to be told of its CLEANs.
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
     * nothing.  The cost grows with the pages that were clean, not with @p pages.
     * @param pages the number of page writes
     */
    void WriteNow(uint32_t pages);

    /// @brief Stop writing (the guest was paused); writes up to now are applied first.
    void Pause();

    /// @brief Start or continue writing from now on.
    void Resume();

    /**
     * @brief The page writes made up to the last Update.
     *
     * Exactly: the Poisson writes that found their page clean (each a page made dirty)
     * and every per-request write (WriteNow).  On top: the expected number of Poisson
     * writes that landed on pages already dirty (rounded down), which change no state
     * and are not drawn (see the class description).  Its mean is PageWriteRate times
     * the time the guest ran, plus the per-request writes.
     * @return the number of page writes
     */
    uint64_t GetWriteCount() const;

    /**
     * @brief The random numbers drawn so far: the model's cost.
     *
     * It grows with the pages made dirty (at most K (1 + ln K) + 2 K per CLEAN cycle
     * for K working-set pages, on average) and never with the write rate.
     * @return the number of draws from the model's random streams
     */
    uint64_t GetRandomDraws() const;

    /**
     * TracedCallback signature for log-dirty write faults.
     * @param [in] faults the faults caused by the batch of writes just applied (> 0)
     */
    typedef void (*LogDirtyFaultsTracedCallback)(uint32_t faults);

    /**
     * @brief The rate at which the guest touches pages in the background: its reads
     *        (PageAccessRate) and its writes (PageWriteRate), for a write to a page the
     *        host does not have faults as a read does.
     * @return page accesses per second, spread uniformly over the working set
     */
    double GetAccessRate() const;

    /// @return the pages of the working set (0 before Attach)
    uint32_t GetWorkingSetSize() const;

    /**
     * @param index an index into the working set, below GetWorkingSetSize
     * @return the memory page it stands for
     */
    uint32_t GetWorkingSetPage(uint32_t index) const;

    /**
     * @param page a page number
     * @return whether the page is in the working set
     */
    bool IsWorkingSetPage(uint32_t page) const;

    /**
     * Who is told of the pages a request touches (a post-copy target): called with the
     * page and what to call once the page is there; returns whether the access waits
     * (the page is still on the source: the request's vCPU stalls until it arrives).
     */
    typedef Callback<bool, uint32_t, Callback<void>> AccessCallback;

    /**
     * @brief Say who wants to know which pages the guest's requests touch (a post-copy
     *        target, to fault on the pages it does not have yet); a null callback stops it.
     * @param touched called with each page a request touches
     */
    void SetAccessCallback(AccessCallback touched);

    /**
     * @brief A request the guest serves touches pages: RequestAccessPages reads plus
     *        @p writes writes, each a page drawn uniformly from the per-request hot set
     *        (the first RequestHotSetPages pages of the working set; all of it if 0).
     *
     * The pages are touched in turn: when one must wait, the rest are touched once it
     * is there, and @p done is called when the last one is.  Nothing is drawn and
     * nothing changes without an access callback: the pages a request reads matter
     * only to a host that may not have them.
     * @param writes the pages the request writes (WriteNow's)
     * @param done called once every page is there, if the request had to wait
     * @return whether the request waits (@p done will be called); false: go on now
     */
    bool AccessNow(uint32_t writes, Callback<void> done);

    /**
     * @brief Draw a page uniformly from the working set (from the model's own stream).
     * @return a working-set index
     */
    uint32_t DrawWorkingSetIndex();

    /**
     * @brief Draw an exponential time from the model's own stream.
     * @param rate the rate (per second), > 0
     * @return the time in seconds
     */
    double DrawInterval(double rate);

    /**
     * @brief Assign fixed random variable streams.
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// A request's page accesses, touched in turn (AccessNow).
    struct PendingAccess
    {
        std::vector<uint32_t> pages; //!< the pages the request touches
        size_t next{0};              //!< the first not yet touched
        Callback<void> done;         //!< called when the request had to wait and may go on
    };

    /**
     * @brief Touch the request's pages from the next one on, until one must wait.
     * @param access the request's accesses
     * @return whether it waits (TouchResumed continues it)
     */
    bool TouchFromNext(std::shared_ptr<PendingAccess> access);

    /**
     * @brief The page a request waited for is there: touch the rest, then let it go on.
     * @param access the request's accesses
     */
    void TouchResumed(std::shared_ptr<PendingAccess> access);

    /// A contiguous range of working-set indices whose pages are written alike.
    struct Part
    {
        uint32_t begin{0}; //!< first working-set index
        uint32_t size{0};  //!< working-set indices in the part
        uint32_t dirty{0}; //!< of them, pages dirty in the log
        double share{0};   //!< the share of the writes that land in the part

        /// @return whether working-set index @p index is in the part
        bool Contains(uint32_t index) const
        {
            return index >= begin && index - begin < size;
        }

        /// @return the probability that a write lands on a clean page of the part
        double CleanWeight() const
        {
            return size == 0 ? 0 : share * (size - dirty) / size;
        }

        /// @return the probability that a write lands on a dirty page of the part
        double DirtyWeight() const
        {
            return size == 0 ? 0 : share * dirty / size;
        }
    };

    /// The parts of the working set.
    enum PartIndex
    {
        HOT,     //!< Poisson writes: the hot part (the whole working set if uniform)
        COLD,    //!< Poisson writes: the cold part (empty if uniform)
        REQUEST, //!< per-request writes' hot set
        PARTS,   //!< number of parts
    };

    /// The parts a kind of write chooses among: [first, last).
    struct PartRange
    {
        int first; //!< first part
        int last;  //!< one past the last part
    };

    /// @return the parts the Poisson writes land on
    PartRange PoissonParts() const;
    /// @return the parts the per-request writes (WriteNow) land on
    PartRange RequestParts() const;
    /**
     * @param parts some parts
     * @return the probability that a write drawn over @p parts finds a clean page
     */
    double CleanWeight(PartRange parts) const;

    /**
     * @brief Make a page that a write drawn over @p parts lands on dirty, given that
     *        it lands on a clean one.
     * @param parts the parts the write is drawn over
     * @param cleanWeight CleanWeight(parts), > 0
     */
    void DirtyCleanPage(PartRange parts, double cleanWeight);
    /**
     * @brief Draw how many writes miss the clean pages before one hits.
     * @param p the probability that a write hits a clean page
     * @param cap the writes left
     * @return the misses (geometric), at most @p cap
     */
    uint32_t DrawMisses(double p, uint32_t cap);
    /**
     * @param part a part with a clean page
     * @return a working-set index uniform among the part's clean pages
     */
    uint32_t DrawCleanIndex(const Part& part);
    /**
     * @brief Write a clean working-set page and count it dirty in its parts.
     * @param index the page's working-set index
     */
    void WriteCleanPage(uint32_t index);

    /**
     * @param index an index into the working set
     * @return the memory page it stands for
     */
    uint32_t WorkingSetPage(uint32_t index) const;
    /**
     * @param position a position in the working set, in page order
     * @return the memory page at that position
     */
    uint32_t PositionPage(uint32_t position) const;
    /**
     * @param size the working set's size
     * @return the integer nearest size / phi (the golden ratio) that is coprime with
     *         @p size (0 for a size of 0 or 1)
     */
    static uint32_t GoldenStride(uint32_t size);
    /// @brief Lay out the parts from the attributes and count their dirty pages.
    void BuildParts();
    /// @brief Lay out the per-request hot set and count its dirty pages.
    void BuildRequestPart();
    /// @brief Count each part's dirty pages in the memory's log.
    void CountDirtyPages();

    /**
     * @brief Draw the instant of the next Poisson write that finds a clean page.
     * @param from the instant (s) from which the clean counts hold
     */
    void DrawNextTransition(double from);
    /**
     * @brief Add the expected writes on dirty pages from the last accounted instant
     *        to @p until.
     * @param until an instant (s)
     */
    void AccountDirtyWrites(double until);

    /// @brief Apply the writes due up to now; the memory is about to be CLEANed.
    void BeforeLogChange();
    /// @brief Every page is clean again: the counts and the rate change now.
    void LogCleaned();

    /**
     * @brief Report the log-dirty faults counted since @p before.
     * @param before GuestMemory::GetLogDirtyFaults before the batch of writes
     */
    void ReportFaults(uint64_t before);

    /// @param pages the per-request hot set (attribute RequestHotSetPages)
    void SetRequestHotSetPages(uint32_t pages);
    /// @return the per-request hot set (attribute RequestHotSetPages)
    uint32_t GetRequestHotSetPages() const;

    /// Transitions later than this (s) never happen: Time::Max, the simulator's end.
    static double Horizon();

    Ptr<GuestMemory> m_memory;                 //!< memory being written
    double m_rate;                             //!< writes per second
    double m_accessRate;                       //!< background reads per second
    uint32_t m_requestAccessPages;             //!< pages each request reads
    AccessCallback m_touched;                  //!< told of the pages requests touch
    uint32_t m_workingSetAttribute;            //!< configured working set (0: all populated)
    uint32_t m_workingSet;                     //!< working set in use
    uint32_t m_populated;                      //!< populated pages when attached
    uint32_t m_stride;                         //!< working-set order: index i is position
                                               //!< i * m_stride mod m_workingSet
    uint32_t m_requestHotSet;                  //!< configured per-request hot set (0: all)
    Distribution m_distribution;               //!< write distribution
    double m_hotFraction;                      //!< share of the working set that is hot
    double m_hotWriteFraction;                 //!< share of writes that go to the hot part
    std::array<Part, PARTS> m_parts;           //!< the parts of the working set
    Ptr<ExponentialRandomVariable> m_interval; //!< time to the next transition (mean 1)
    Ptr<UniformRandomVariable> m_uniform;      //!< page, part and geometric draws
    bool m_running;                            //!< whether the guest writes
    double m_nextTransition;                   //!< instant (s) of the next transition
    double m_accountedUntil;                   //!< instant (s) dirty-page writes are added to
    uint64_t m_writes;                         //!< writes applied (transitions, requests)
    double m_dirtyPageWrites;                  //!< expected Poisson writes on dirty pages
    uint64_t m_draws;                          //!< random numbers drawn
    TracedCallback<uint32_t> m_faultsTrace;    //!< log-dirty faults per batch of writes
};

} // namespace ns3

#endif /* DIRTY_PAGE_MODEL_H */
