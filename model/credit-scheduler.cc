/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "credit-scheduler.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CreditScheduler");
NS_OBJECT_ENSURE_REGISTERED(CreditScheduler);

TypeId
CreditScheduler::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CreditScheduler")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<CreditScheduler>()
            .AddAttribute("Cores",
                          "Physical cores of the host.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CreditScheduler::m_cores),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Speed",
                          "Speed of each physical core, relative to the reference core that "
                          "CPU demands are given for.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CreditScheduler::m_speed),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()));
    return tid;
}

CreditScheduler::CreditScheduler()
    : m_cores(1),
      m_speed(1.0)
{
    NS_LOG_FUNCTION(this);
}

void
CreditScheduler::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (const auto& domain : m_domains)
    {
        domain->TraceDisconnectWithoutContext("BusyCores",
                                              MakeCallback(&CreditScheduler::BusyChanged, this));
    }
    m_domains.clear();
    Object::DoDispose();
}

void
CreditScheduler::Attach(Ptr<ProcessorSharingCpu> domain)
{
    NS_LOG_FUNCTION(this << domain);
    NS_ABORT_MSG_IF(std::find(m_domains.begin(), m_domains.end(), domain) != m_domains.end(),
                    "CreditScheduler: the domain is attached already");
    m_domains.push_back(domain);
    domain->TraceConnectWithoutContext("BusyCores",
                                       MakeCallback(&CreditScheduler::BusyChanged, this));
    Rebalance();
}

void
CreditScheduler::Detach(Ptr<ProcessorSharingCpu> domain)
{
    NS_LOG_FUNCTION(this << domain);
    auto it = std::find(m_domains.begin(), m_domains.end(), domain);
    NS_ABORT_MSG_IF(it == m_domains.end(), "CreditScheduler: the domain is not attached");
    domain->TraceDisconnectWithoutContext("BusyCores",
                                          MakeCallback(&CreditScheduler::BusyChanged, this));
    m_domains.erase(it);
    Rebalance();
}

bool
CreditScheduler::IsAttached(Ptr<ProcessorSharingCpu> domain) const
{
    return std::find(m_domains.begin(), m_domains.end(), domain) != m_domains.end();
}

uint32_t
CreditScheduler::GetBusyVcpus() const
{
    uint32_t busy = 0;
    for (const auto& domain : m_domains)
    {
        busy += domain->GetBusyCores();
    }
    return busy;
}

double
CreditScheduler::GetVcpuSpeed() const
{
    uint32_t busy = GetBusyVcpus();
    // busy * (m_speed * m_cores / busy) is exactly the host's capacity when shared.
    return busy <= m_cores ? m_speed : m_speed * m_cores / busy;
}

void
CreditScheduler::BusyChanged(uint32_t /* busy */)
{
    Rebalance();
}

double
CreditScheduler::GetBusyCoreSeconds() const
{
    Time elapsed = Simulator::Now() - m_lastChange;
    // After Simulator::Destroy the clock reads 0: the count is as of the last change.
    return (m_busyTime + Max(elapsed, Time(0)) * int64_t{m_busyCores}).GetSeconds();
}

void
CreditScheduler::Rebalance()
{
    Time now = Simulator::Now();
    m_busyTime += (now - m_lastChange) * int64_t{m_busyCores};
    m_lastChange = now;
    m_busyCores = std::min(GetBusyVcpus(), m_cores);
    double speed = GetVcpuSpeed();
    NS_LOG_LOGIC(GetBusyVcpus() << " busy vCPUs on " << m_cores << " cores: speed " << speed);
    for (const auto& domain : m_domains)
    {
        if (domain->GetSpeed() != speed)
        {
            domain->SetSpeed(speed);
        }
    }
}

} // namespace ns3
