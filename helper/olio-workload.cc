/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "olio-workload.h"

#include "sample-web-workload.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OlioWorkload");
NS_OBJECT_ENSURE_REGISTERED(OlioWorkload);

/*
 * Olio: Apache Olio 0.1 PHP driver, UIDriver.java.  The paper names five actions; the
 * driver's "attend event" happens inside EventDetail (10 % of logged-in views), so
 * attend_event stands for EventDetail.
 * weight: stationary distribution of UIDriver's 7x7 @MatrixMix: HomePage 26.15,
 *         Login 10.22, TagSearch 33.45, EventDetail 24.68, AddEvent 2.04 %;
 *         PersonDetail (2.61) and AddPerson (0.84) are left out (relative weights).
 * requests: an action is the driver's requests in turn on the user's connection
 *         (HttpOperation::fetches), timed as one (Timing.AUTO, or MANUAL around all of
 *         them for AddEvent):
 *         HomePage: index.php, then loadImages: the event thumbnails not yet in the
 *           user's cache, 3 a page (Olio's AVG_IMAGES_LOADED_PER_HOMEPAGE_TARGET, of 10
 *           shown) of 20,000 bytes in all (AVG_IMAGE_BYTES_PER_HOMEPAGE_TARGET);
 *         Login: logged on already (after a user's first), doLogout (logout.php) then
 *           login.php (POST) and index.php, where the login redirects;
 *         TagSearch: taggedEvents.php (POST), taggedEvents.php (GET), then loadImages
 *           for the 10 events shown (AVG_IMAGE_PER_TAG_SEARCH_TARGET): 3 loaded,
 *           assumed in the home page's proportion;
 *         EventDetail: events.php (AVG_IMGS_PER_EVENT_DETAIL_TARGET: 0 images);
 *         AddEvent: addEvent.php, then the multipart POST to addEventResult.php.
 *         Left out: the JS/CSS/image statics that 40 % of users fetch once after each
 *         login (cached()), ~23 files, about one request an action on average but in
 *         bursts; the 10 % of logged-in EventDetails that also call addAttendee.php;
 *         Login's new HttpTransport and AddEvent's own HttpClient (new connections).
 * sla:    1 s for all (the paper; the driver's own max90th is 1 s for HomePage and
 *         Login, 2 s for TagSearch and EventDetail, 4 s for AddEvent).
 * sizes:  assumed per action, as before its requests were told apart: PHP page +
 *         thumbnails (40 % of users start with an empty cache and fetch the statics too,
 *         spread over the mean); spread evenly over the action's page requests, the
 *         thumbnails' 20,000 bytes taken out; AddEvent uploads event.jpg + event.pdf
 *         as a multipart POST (~96 KiB).
 * demand: assumed ~20 ms mean of PHP + MySQL per action (5x SampleWeb's pages), so
 *         experiment 6's 150 users stay below one core, spread as the sizes; a
 *         thumbnail costs what SampleWeb's small static pages do (its fitted CPU per
 *         request; fileService.php adds PHP's start-up, so this is a lower bound).
 * pages:  assumed: PHP sessions and heap, MySQL rows/indexes/log, memcached items;
 *         AddEvent also stores the upload and GD decodes the image for the thumbnail;
 *         spread as the sizes; a thumbnail writes none.
 * Check at 25 users (experiment 2): X = 25 / (5 + R) ~ 5 op/s (16.5 requests/s);
 *   mean demand 20.3 ms: utilisation 0.10 (150 users, experiment 6: 30 op/s, 0.61 < 1);
 *   bytes 5 * (2.4 KB + 3.3 * 0.6 KB + 39 KB) ~ 0.22 MB/s = 1.7 Mb/s (150 users: 10 Mb/s);
 *   writes 5 * 104 + 2079 ~ 2600 pages/s over 96 MiB (more memory than SampleWeb's).
 * Faban's cycle time (Workload::FABAN_CYCLE_S) and run settings, Apache's limits.
 */
namespace
{

const uint32_t OLIO_USERS = 25; // the paper's experiment 2
// Fitted by utils/vm-migration-calibrate-workloads to experiment 2 (the paper: pre-copy
// takes 45.540 s under Olio): what makes Olio memory-intensive at only ~5 op/s (InnoDB
// buffer-pool and log activity, memcached churn, PHP session files in the page cache).
const double OLIO_BACKGROUND_WRITES = 2029;
// Assumed: memcached's default 64 MiB cache + MySQL buffers (key buffer 16 MiB, InnoDB
// pool 8 MiB, Ubuntu 10.04 defaults) + Apache/PHP heaps.
const double OLIO_WORKING_SET_MIB = 96;

} // namespace

TypeId
OlioWorkload::GetTypeId()
{
    static TypeId tid = [] {
        Defaults d = FabanRun();
        SetApache(d);
        d.users = OLIO_USERS;
        d.thinkTimeMean = FABAN_CYCLE_S;
        d.requestHotSetPages = 0; // the requests write anywhere in the working set
        d.backgroundWriteRate = OLIO_BACKGROUND_WRITES;
        d.workingSetMiB = OLIO_WORKING_SET_MIB;
        return AddAttributes(TypeId("ns3::OlioWorkload")
                                 .SetParent<Workload>()
                                 .SetGroupName("VmMigration")
                                 .AddConstructor<OlioWorkload>(),
                             d);
    }();
    return tid;
}

OlioWorkload::OlioWorkload()
{
    NS_LOG_FUNCTION(this);
    const Time sla = Seconds(1); // the paper
    const uint32_t header = 300; // assumed: + PHP session cookie / cache headers
    const uint32_t get = 300;    // a GET's request line and headers
    // Table indices of the requests only fetched as parts of the actions.
    const uint16_t thumbnail = 5;
    const uint16_t login = 6;
    const uint16_t loginHome = 7;
    const uint16_t tagResults = 8;
    const uint16_t addEventPost = 9;
    const uint32_t thumbnailBytes = 20000 / 3;
    const Time thumbnailDemand = SampleWebWorkload::HomeOperation().demand;
    const uint32_t homeBytes = 48 * KIB - 3 * thumbnailBytes;
    const Time homeDemand = MilliSeconds(20) - 3 * thumbnailDemand;
    const uint32_t tagBytes = (40 * KIB - 3 * thumbnailBytes) / 2;
    const Time tagDemand = (MilliSeconds(25) - 3 * thumbnailDemand) / 2;
    const uint32_t loginBytes = 24 * KIB / 3;
    const Time loginDemand = MilliSeconds(15) / 3;
    const uint32_t addEventBytes = 24 * KIB / 2;
    const Time addEventDemand = MilliSeconds(40) / 2;
    const Time none;
    SetDriver(FABAN);
    SetOperations({
        {"home",
         26.15,
         get,
         header,
         homeBytes,
         homeDemand,
         96,
         sla,
         {thumbnail, thumbnail, thumbnail}},
        {"login", 10.22, get, header, loginBytes, loginDemand, 21, sla, {login, loginHome}},
        {"add_event", 2.04, get, header, addEventBytes, addEventDemand, 256, sla, {addEventPost}},
        {"attend_event", 24.68, get, header, 32 * KIB, MilliSeconds(15), 64, sla, {}},
        {"tag_search",
         33.45,
         350,
         header,
         tagBytes,
         tagDemand,
         64,
         sla,
         {tagResults, thumbnail, thumbnail, thumbnail}},
        {"thumbnail", 0, get, header, thumbnailBytes, thumbnailDemand, 0, none, {}},
        {"login_post", 0, 400, header, loginBytes, loginDemand, 21, none, {}},
        {"login_home", 0, get, header, loginBytes, loginDemand, 22, none, {}},
        {"tag_results", 0, get, header, tagBytes, tagDemand, 64, none, {}},
        {"add_event_post", 0, 96 * KIB, header, addEventBytes, addEventDemand, 256, none, {}},
    });
}

} // namespace ns3
