/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-message-channel.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/packet.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpMessageChannel");

HttpMessageChannel::HttpMessageChannel(Ptr<Socket> socket)
    : m_socket(socket)
{
    NS_LOG_FUNCTION(this << socket);
    // Raw pointers: the socket must not keep the channel alive (Close cuts them).
    m_socket->SetRecvCallback(MakeCallback(&HttpMessageChannel::HandleRead, this));
    m_socket->SetSendCallback(MakeCallback(&HttpMessageChannel::HandleSend, this));
}

HttpMessageChannel::~HttpMessageChannel()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    }
}

void
HttpMessageChannel::SetReceiveCallback(ReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_receive = cb;
}

void
HttpMessageChannel::Send(uint32_t size, uint16_t operation)
{
    NS_LOG_FUNCTION(this << size << operation);
    NS_ABORT_MSG_IF(size < PREFIX_BYTES,
                    "a message must hold its " << PREFIX_BYTES << "-byte length prefix");
    NS_ABORT_MSG_IF(!m_socket, "send on a closed channel");
    m_outgoing.push_back({size, operation, 0});
    m_pendingBytes += size;
    SendPending();
}

uint64_t
HttpMessageChannel::GetPendingBytes() const
{
    return m_pendingBytes;
}

Ptr<Socket>
HttpMessageChannel::GetSocket() const
{
    return m_socket;
}

void
HttpMessageChannel::Close()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        return;
    }
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
    m_socket->Close();
    m_socket = nullptr;
    m_receive = MakeNullCallback<void, uint32_t, uint16_t>();
    m_outgoing.clear();
    m_pendingBytes = 0;
}

void
HttpMessageChannel::CloseWhenSent()
{
    NS_LOG_FUNCTION(this);
    m_closeWhenSent = true;
    if (m_outgoing.empty())
    {
        Close();
    }
}

void
HttpMessageChannel::SendPending()
{
    while (m_socket && !m_outgoing.empty())
    {
        Outgoing& message = m_outgoing.front();
        uint32_t room = m_socket->GetTxAvailable();
        uint32_t n = std::min(room, message.size - message.sent);
        if (n == 0)
        {
            return; // HandleSend resumes once ACKs free the buffer
        }
        // One Send per chunk: separate Sends for prefix and body would let a
        // no-delay socket put the prefix in a segment of its own.
        Ptr<Packet> packet;
        if (message.sent < PREFIX_BYTES)
        {
            uint64_t prefix = (uint64_t(message.size) << 16) | message.operation;
            std::vector<uint8_t> head(std::min(n, PREFIX_BYTES - message.sent));
            for (uint32_t i = 0; i < head.size(); ++i)
            {
                uint32_t byte = message.sent + i; // 0 is the most significant
                head[i] = static_cast<uint8_t>(prefix >> (8 * (PREFIX_BYTES - 1 - byte)));
            }
            packet = Create<Packet>(head.data(), head.size());
            if (n > head.size())
            {
                packet->AddAtEnd(Create<Packet>(n - head.size()));
            }
        }
        else
        {
            packet = Create<Packet>(n); // zero-filled body
        }
        int accepted = m_socket->Send(packet);
        if (accepted < 0)
        {
            NS_LOG_WARN("send of " << n << " bytes refused: " << m_socket->GetErrno());
            return;
        }
        message.sent += n;
        m_pendingBytes -= n;
        if (message.sent == message.size)
        {
            m_outgoing.pop_front();
        }
    }
    if (m_closeWhenSent && m_outgoing.empty())
    {
        Close();
    }
}

void
HttpMessageChannel::HandleSend(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    Ptr<HttpMessageChannel> self(this); // as in HandleRead: SendPending may Close
    SendPending();
}

void
HttpMessageChannel::HandleRead(Ptr<Socket> socket)
{
    // The receive callback may close this channel and drop its owner's last reference
    // to it (a client that reconnects, a server that forgets the connection): hold one
    // until this loop, which reads the members after every message, is done.
    Ptr<HttpMessageChannel> self(this);
    Ptr<Packet> packet;
    std::vector<uint8_t> data;
    while (m_socket && (packet = socket->Recv()))
    {
        uint32_t size = packet->GetSize();
        uint32_t offset = 0;
        data.clear(); // only prefix bytes carry content: copy the packet when one is due
        while (offset < size && m_socket)
        {
            if (m_prefixHave < PREFIX_BYTES)
            {
                if (data.size() != size)
                {
                    data.resize(size);
                    packet->CopyData(data.data(), size);
                }
                m_prefix[m_prefixHave++] = data[offset++];
                if (m_prefixHave < PREFIX_BYTES)
                {
                    continue;
                }
                uint64_t prefix = 0;
                for (uint8_t b : m_prefix)
                {
                    prefix = (prefix << 8) | b;
                }
                m_incomingSize = static_cast<uint32_t>(prefix >> 16);
                m_incomingOperation = static_cast<uint16_t>(prefix);
                NS_ABORT_MSG_IF(m_incomingSize < PREFIX_BYTES,
                                "malformed message: length " << m_incomingSize);
                m_incomingLeft = m_incomingSize - PREFIX_BYTES;
            }
            else
            {
                uint32_t n = std::min(m_incomingLeft, size - offset);
                offset += n;
                m_incomingLeft -= n;
            }
            if (m_prefixHave == PREFIX_BYTES && m_incomingLeft == 0)
            {
                m_prefixHave = 0;
                if (!m_receive.IsNull())
                {
                    m_receive(m_incomingSize, m_incomingOperation); // may Close the channel
                }
            }
        }
    }
}

} // namespace ns3
