// The sidebar icons of 合伙人台账 (Element Plus has no handshake: 合伙人 uses its "Connection").
export { Connection as Handshake, Tickets } from '@element-plus/icons-vue'
