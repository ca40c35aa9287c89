/** Names for demo people: common Chinese surnames (roughly by frequency) and given-name characters. */

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'

export const GIVEN_CHARS =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰红梅海燕文斌丹凤晓东宇浩然欣怡子涵梓萱雨轩思远佳琪博文嘉怡浩宇雅琴振华春梅国庆德明淑珍玉珍秀珍凤英桂兰'
