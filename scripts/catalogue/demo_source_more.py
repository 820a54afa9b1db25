"""More departments of the demo catalogue (same line format as ``demo_source``)."""

from __future__ import annotations

MORE_DEPARTMENTS: list[dict] = [
    {
        "id": "sifa",
        "zh": "司法",
        "en": "Justice",
        "body": "示范区司法局",
        "law": (
            "《法律援助法》",
            "第二十二条 公民因经济困难等原因没有委托代理人的，可以向法律援助机构申请法律援助。",
        ),
        "window": "三楼E区1—3号窗口（公共法律服务）",
        "phone": "19",
        "base": "idcard,form",
        "themes": "法律服务",
        "items": """
法律援助申请|Application for legal aid|给付|7|3|free|给予法律援助决定书|hukou,relation_proof|请律师 免费律师 法律援助 打官司没钱|3100
人民调解申请|Application for people's mediation|公共|30|15|free|调解协议书|form|邻居纠纷 调解 民间纠纷|1900
公证办理（学历、出生、亲属关系）|Notarisation of education, birth or kinship|公共|15|5|free|公证书|hukou,relation_proof|办公证 公证书 出国公证|2700
律师执业许可|Practising licence for lawyers|许可|30|20|free|律师执业证|staff_list,photo|律师证 律师执业证|100
基层法律服务工作者执业核准|Licence for grassroots legal service workers|许可|30|20|free|执业证|staff_list,photo|法律服务工作者|50
社区矫正对象外出审批|Travel approval for people under community correction|许可|7|3|free|外出审批意见|form|社区矫正请假 矫正外出|200
""",
    },
    {
        "id": "ziranziyuan",
        "zh": "规划和自然资源",
        "en": "Planning and Natural Resources",
        "body": "示范区规划和自然资源局",
        "law": (
            "《中华人民共和国城乡规划法》",
            "第四十条 在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当申请办理建设工程规划许可证。",
        ),
        "window": "四楼E区1—4号窗口（规自）",
        "phone": "20",
        "base": "idcard,form",
        "themes": "工程建设",
        "items": """
建设工程规划许可证核发|Building project planning permit|许可|20|10|free|建设工程规划许可证|business_license,site_plan|规划许可证 工程规划许可|300
建设用地规划许可证核发|Land use planning permit|许可|20|10|free|建设用地规划许可证|business_license,site_plan|用地规划许可 用地许可|200
乡村建设规划许可证核发|Rural construction planning permit|许可|20|10|free|乡村建设规划许可证|hukou,site_plan|农村建房 盖房子审批 宅基地建房|900
农村宅基地和建房（规划许可）审批|Approval of rural homestead and house building|许可|20|15|free|农村宅基地批准书|hukou,site_plan|宅基地审批 农村盖房|800
测绘资质审批|Licence for surveying and mapping|许可|20|15|free|测绘资质证书|business_license,staff_list|测绘资质|40
地质灾害危险性评估备案|Filing of a geological hazard assessment|备案|10|5|free|备案回执|business_license,site_plan|地灾评估备案|60
""",
    },
    {
        "id": "shengtai",
        "zh": "生态环境",
        "en": "Ecology and Environment",
        "body": "示范区生态环境局",
        "law": (
            "《中华人民共和国环境影响评价法》",
            "第二十二条 建设项目的环境影响报告书、报告表，由建设单位按照国务院的规定报有审批权的生态环境主管部门审批。",
        ),
        "window": "四楼F区1—2号窗口（生态环境）",
        "phone": "21",
        "base": "idcard,form",
        "themes": "环境保护",
        "items": """
建设项目环境影响报告表审批|Approval of an environmental impact report form|许可|30|15|free|环评批复|business_license,site_plan|环评审批 环评批复 办环评|500
排污许可证核发|Pollutant discharge permit|许可|20|10|free|排污许可证|business_license,site_plan|排污证 排污许可|400
排污登记|Registration of pollutant discharge|备案|5|1|free|排污登记回执|business_license|排污登记 固定污染源登记|700
环境污染投诉受理|Complaints about environmental pollution|其他|7|5|free|受理告知书|form|噪音扰民 污染投诉 油烟投诉 12369|2100
危险废物经营许可|Hazardous waste business licence|许可|20|15|free|危险废物经营许可证|business_license,safety_plan|危废许可|30
辐射安全许可|Radiation safety licence|许可|20|15|free|辐射安全许可证|business_license,staff_list,safety_plan|辐射许可 放射源许可|40
""",
    },
    {
        "id": "yingji",
        "zh": "应急管理",
        "en": "Emergency Management",
        "body": "示范区应急管理局",
        "law": (
            "《中华人民共和国安全生产法》",
            "第二十七条 危险物品的生产、经营、储存单位以及矿山、金属冶炼、建筑施工、运输单位的主要负责人和安全生产管理人员，应当由主管的负有安全生产监督管理职责的部门对其安全生产知识和管理能力考核合格。",
        ),
        "window": "四楼F区3—4号窗口（应急）",
        "phone": "22",
        "base": "idcard,form",
        "themes": "安全生产",
        "items": """
危险化学品经营许可|Licence to trade hazardous chemicals|许可|30|15|free|危险化学品经营许可证|business_license,safety_plan,staff_list|危化品许可 卖油漆许可|300
烟花爆竹经营（零售）许可|Fireworks retail licence|许可|20|10|free|烟花爆竹经营（零售）许可证|business_license,site_plan,safety_plan|卖烟花 烟花爆竹零售|500
特种作业人员操作证申领|Certificate for special operations workers|许可|20|10|free|特种作业操作证|photo,health_cert|电工证 焊工证 高处作业证|2600
生产经营单位安全生产应急预案备案|Filing of a production safety emergency plan|备案|20|5|free|备案登记表|business_license,safety_plan|应急预案备案|400
自然灾害受灾群众生活救助|Relief for people affected by natural disasters|给付|15|5|free|救助发放通知|hukou,bank_card|受灾救助 灾后补助|200
""",
    },
    {
        "id": "xiaofang",
        "zh": "消防救援",
        "en": "Fire and Rescue",
        "body": "示范区消防救援支队",
        "law": (
            "《中华人民共和国消防法》",
            "第十五条 公众聚集场所投入使用、营业前，建设单位或者使用单位应当向场所所在地的县级以上地方人民政府消防救援机构申请消防安全检查。",
        ),
        "window": "四楼F区5号窗口（消防）",
        "phone": "23",
        "base": "idcard,form",
        "themes": "安全生产",
        "items": """
公众聚集场所投入使用营业前消防安全检查|Fire safety check before a public venue opens|许可|10|3|free|消防安全检查合格证|business_license,site_plan,safety_plan|消防检查 开业消防 消防证|1300
消防安全检查告知承诺|Fire safety check by commitment|许可|1|0|free|消防安全检查合格证|business_license,safety_plan|消防承诺制 消防告知承诺|800
建设工程消防验收|Fire acceptance inspection of a building project|许可|15|10|free|消防验收意见书|business_license,site_plan|消防验收|300
建设工程消防设计审查|Fire design review of a building project|许可|15|10|free|消防设计审查意见书|business_license,site_plan|消防设计审查 消防图审|200
""",
    },
    {
        "id": "nongye",
        "zh": "农业农村",
        "en": "Agriculture and Rural Affairs",
        "body": "示范区农业农村局",
        "law": (
            "《中华人民共和国农村土地承包法》",
            "第三十六条 承包方可以自主决定依法采取出租（转包）、入股或者其他方式向他人流转土地经营权，并向发包方备案。",
        ),
        "window": "四楼G区1—3号窗口（农业）",
        "phone": "24",
        "base": "idcard,form",
        "themes": "农业农村",
        "items": """
农村土地承包经营权流转备案|Filing of a rural land contract transfer|备案|10|5|free|流转备案回执|hukou,sale_contract|土地流转 承包地出租|600
农药经营许可|Pesticide business licence|许可|20|10|free|农药经营许可证|business_license,site_plan,staff_list|卖农药 农药许可证|200
兽药经营许可|Veterinary drug business licence|许可|20|10|free|兽药经营许可证|business_license,site_plan|兽药许可 卖兽药|100
动物防疫条件合格证核发|Animal epidemic prevention certificate|许可|20|10|free|动物防疫条件合格证|business_license,site_plan|养殖场防疫证 动物防疫|200
农业机械购置补贴申请|Subsidy for buying farm machinery|给付|30|15|free|补贴发放通知|hukou,bank_card,tax_proof|农机补贴 买拖拉机补贴|700
拖拉机和联合收割机驾驶证申领|Licence for tractor and harvester drivers|许可|10|5|free|驾驶证|health_cert,photo|拖拉机驾驶证 农机驾照|300
渔业捕捞许可|Fishing licence|许可|20|10|free|渔业捕捞许可证|hukou|捕鱼证 捕捞证|100
""",
    },
    {
        "id": "dianli",
        "zh": "供电",
        "en": "Electricity Supply",
        "body": "国网示范区供电公司",
        "law": (
            "《电力供应与使用条例》",
            "第十九条 用户申请新装用电、临时用电、增加用电容量、变更用电和终止用电，均应当到当地供电企业办理手续。",
        ),
        "window": "一楼E区1—2号窗口（水电气热联办）",
        "phone": "25",
        "base": "idcard",
        "themes": "水电气热",
        "items": """
居民新装用电|New household electricity connection|公共|5|3|free|供用电合同|property_cert|装电表 新房通电 用电报装|2200
低压非居民新装用电|New low-voltage connection for a business|公共|10|5|free|供用电合同|business_license,lease|商铺通电 小微企业用电报装|900
电费户名变更（过户）|Transferring an electricity account|公共|3|1|free|过户回执|property_cert|电费过户 电表过户|1600
居民峰谷电价变更|Switching to time-of-use electricity tariffs|公共|5|1|free|变更回执|form|峰谷电 分时电价|700
充电桩报装|Connection of a home electric-vehicle charger|公共|10|5|free|供用电合同|property_cert,vehicle_license|装充电桩 新能源车充电桩|1400
""",
    },
    {
        "id": "ranqi",
        "zh": "燃气",
        "en": "Gas Supply",
        "body": "示范区燃气集团",
        "law": (
            "《城镇燃气管理条例》",
            "第十八条 燃气经营者应当向燃气用户持续、稳定、安全供应符合国家质量标准的燃气。",
        ),
        "window": "一楼E区3号窗口（水电气热联办）",
        "phone": "26",
        "base": "idcard",
        "themes": "水电气热",
        "items": """
居民天然气开户|Opening a household gas account|公共|5|3|free|供气合同|property_cert|开通燃气 天然气开户 通燃气|1900
燃气户名过户|Transferring a gas account|公共|3|1|free|过户回执|property_cert|燃气过户 天然气过户|1200
燃气表改装迁移|Moving a gas meter|公共|10|5|free|改装完成确认单|property_cert|燃气表移位 改燃气管|400
非居民用户燃气报装|Gas connection for a business|公共|15|7|free|供气合同|business_license,lease,site_plan|饭店通燃气 商业燃气报装|300
""",
    },
    {
        "id": "chengguan",
        "zh": "城市管理",
        "en": "Urban Management",
        "body": "示范区城市管理委员会",
        "law": (
            "《城市市容和环境卫生管理条例》",
            "第十一条 在城市中设置户外广告、标语牌、画廊、橱窗等，应当内容健康、外型美观，并定期维修、油饰或者拆除。",
        ),
        "window": "四楼G区4—5号窗口（城管）",
        "phone": "27",
        "base": "idcard,form",
        "themes": "城市管理",
        "items": """
设置大型户外广告及在城市建筑物、设施上悬挂张贴宣传品审批|Approval of large outdoor advertising|许可|20|10|free|户外广告设置许可|business_license,site_plan|户外广告审批 挂横幅|200
门店招牌设置备案|Filing of a shop sign|备案|5|1|free|备案回执|business_license,site_plan|门头招牌 店招备案|1100
城市建筑垃圾处置核准|Approval of construction waste disposal|许可|20|5|free|建筑垃圾处置核准|business_license,safety_plan|装修垃圾清运 建筑垃圾|500
临时占用城市道路审批|Temporary use of a city road|许可|20|5|free|占道许可|site_plan|占道施工 临时占道|400
城市道路挖掘审批|Approval to dig up a city road|许可|20|5|free|挖掘许可|site_plan,safety_plan|挖路 道路开挖|100
""",
    },
    {
        "id": "dangan",
        "zh": "档案",
        "en": "Archives",
        "body": "示范区档案馆",
        "law": (
            "《中华人民共和国档案法》",
            "第二十八条 档案馆应当通过其网站或者其他方式定期公布开放档案的目录，不断完善利用规则，创新服务形式。",
        ),
        "window": "三楼F区1号窗口（档案查询）",
        "phone": "28",
        "base": "idcard",
        "themes": "档案查询",
        "items": """
婚姻档案查询利用|Access to archived marriage records|公共|5|1|free|档案证明|form|老结婚证明 婚姻档案|900
知青档案查询利用|Access to archived records of sent-down youth|公共|5|1|free|档案证明|form|知青档案 下乡证明|300
房屋档案查询利用|Access to archived housing records|公共|5|1|free|档案证明|property_cert|房屋档案 老房档案|500
独生子女档案查询利用|Access to archived only-child records|公共|5|1|free|档案证明|hukou|独生子女证明 独生子女档案|700
""",
    },
    {
        "id": "shangwu",
        "zh": "商务",
        "en": "Commerce",
        "body": "示范区商务局",
        "law": (
            "《单用途商业预付卡管理办法（试行）》",
            "第七条 发卡企业应在开展单用途卡业务之日起30日内按照规定办理备案。",
        ),
        "window": "三楼G区1—2号窗口（商务）",
        "phone": "29",
        "base": "idcard,form",
        "themes": "企业经营",
        "items": """
对外贸易经营者备案登记|Registration as a foreign trade operator|备案|5|1|free|备案登记表|business_license,legal_rep|外贸备案 进出口权|400
单用途商业预付卡发卡企业备案|Filing of a prepaid card issuer|备案|20|5|free|备案回执|business_license|预付卡备案 办会员卡备案|100
酒类商品零售备案|Filing of alcohol retail|备案|5|1|free|备案回执|business_license|卖酒备案 酒类零售|600
再生资源回收经营者备案|Filing of a recycling business|备案|5|1|free|备案回执|business_license,site_plan|废品回收备案 收废品|300
报废机动车回收企业资质认定|Licence for scrapped vehicle recyclers|许可|20|15|free|资质认定书|business_license,site_plan,safety_plan|报废车回收|20
""",
    },
    {
        "id": "zhishichanquan",
        "zh": "知识产权",
        "en": "Intellectual Property",
        "body": "示范区知识产权局",
        "law": (
            "《中华人民共和国专利法》",
            "第二十六条 申请发明或者实用新型专利的，应当提交请求书、说明书及其摘要和权利要求书等文件。",
        ),
        "window": "三楼G区3号窗口（知识产权）",
        "phone": "30",
        "base": "idcard,form",
        "themes": "企业经营",
        "items": """
商标注册申请受理|Accepting trademark applications|确认|30|1|free|受理通知书|business_license|注册商标 商标申请|900
专利费用减缴备案|Filing for reduced patent fees|备案|5|1|free|备案确认|business_license,tax_proof|专利减缴|200
知识产权纠纷调解|Mediation of intellectual property disputes|裁决|30|20|free|调解协议书|business_license|商标侵权 专利纠纷|100
专利权质押登记|Registration of a patent pledge|确认|7|5|free|质押登记通知书|business_license,loan_contract|专利质押贷款|50
""",
    },
    {
        "id": "huzheng",
        "zh": "公安户政（网办）",
        "en": "Household Registration Online",
        "body": "示范区公安分局人口管理支队",
        "law": (
            "《中华人民共和国户口登记条例》",
            "第十条 公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记，领取迁移证件，注销户口。",
        ),
        "window": "一楼A区7—8号窗口（户政网办帮办）",
        "phone": "31",
        "base": "idcard,hukou",
        "themes": "证件办理",
        "items": """
大中专院校学生户口迁入|Moving a student's household registration to university|确认|30|1|free|户口迁入证明|school_proof|大学生落户 学生户口迁入 上大学迁户口|700
高校毕业生落户|Household registration for new graduates|确认|30|5|free|落户证明|school_proof,labour_contract|应届生落户 毕业生落户 人才落户|2200
港澳台居民居住证申领|Residence permit for Hong Kong, Macao and Taiwan residents|确认|20|10|free|港澳台居民居住证|travel_doc,household_proof,photo|港澳居民居住证 台湾居民居住证|200
户口登记项目变更更正|Correcting an error in household registration details|确认|30|10|free|变更更正后的户口簿|relation_proof|户口本信息错了 更正出生日期|900
""",
    },
]

MORE_DEPARTMENTS += [
    {
        "id": "renfang",
        "zh": "人防",
        "en": "Civil Air Defence",
        "body": "示范区人民防空办公室",
        "law": (
            "《中华人民共和国人民防空法》",
            "第二十二条 城市新建民用建筑，按照国家有关规定修建战时可用于防空的地下室。",
        ),
        "window": "四楼G区6号窗口（人防）",
        "phone": "32",
        "base": "idcard,form",
        "themes": "工程建设",
        "items": """
结合民用建筑修建防空地下室审批|Approval of air-defence basements in civil buildings|许可|20|10|free|审批意见书|business_license,site_plan|防空地下室审批 人防审批|100
防空地下室易地建设审批|Approval to build air-defence space elsewhere|许可|20|10|free|易地建设审批意见|business_license,site_plan|人防易地建设费|80
人防工程拆除审批|Approval to demolish a civil air-defence work|许可|20|10|free|拆除审批意见|business_license,safety_plan|拆人防工程|20
人防工程竣工验收备案|Completion filing of a civil air-defence work|备案|15|5|free|竣工验收备案表|business_license,site_plan|人防验收|60
""",
    },
    {
        "id": "qixiang",
        "zh": "气象",
        "en": "Meteorology",
        "body": "示范区气象局",
        "law": (
            "《中华人民共和国气象法》",
            "第三十一条 各级气象主管机构应当加强对雷电灾害防御工作的组织管理。",
        ),
        "window": "四楼G区7号窗口（气象）",
        "phone": "33",
        "base": "idcard,form",
        "themes": "工程建设",
        "items": """
防雷装置设计审核|Design review of lightning protection|许可|20|5|free|防雷装置设计核准意见书|business_license,site_plan|防雷审核 避雷设计|100
防雷装置竣工验收|Completion inspection of lightning protection|许可|10|5|free|防雷装置验收意见书|business_license,site_plan|防雷验收 避雷验收|100
升放无人驾驶自由气球或者系留气球活动审批|Approval to launch balloons|许可|5|3|free|升放活动许可|business_license,safety_plan|放气球审批 庆典气球|50
气象资料证明开具|Certificate of weather records|公共|5|1|free|气象证明|form|天气证明 气象证明 下雨证明|300
""",
    },
    {
        "id": "gonghui",
        "zh": "工会",
        "en": "Trade Union",
        "body": "示范区总工会",
        "law": (
            "《中华人民共和国工会法》",
            "第三条 在中国境内的企业、事业单位、机关、社会组织中以工资收入为主要生活来源的劳动者，都有依法参加和组织工会的权利。",
        ),
        "window": "一楼D区5号窗口（工会）",
        "phone": "34",
        "base": "idcard",
        "themes": "职工服务",
        "items": """
困难职工帮扶申请|Support for employees in hardship|给付|30|15|free|帮扶审批表|labour_contract,bank_card|困难职工补助 工会帮扶|400
职工法律援助申请|Legal aid for employees from the trade union|公共|10|5|free|受理通知|labour_contract|工会律师 职工维权|300
工会会员服务卡办理|Trade union member service card|公共|10|5|free|会员服务卡|work_proof,photo|工会卡 会员卡|600
金秋助学申请|Autumn education grant for employees' children|给付|30|15|free|助学金发放通知|school_proof,bank_card|金秋助学 职工子女助学|200
""",
    },
    {
        "id": "fulian",
        "zh": "妇联",
        "en": "Women's Federation",
        "body": "示范区妇女联合会",
        "law": (
            "《中华人民共和国反家庭暴力法》",
            "第十三条 家庭暴力受害人及其法定代理人、近亲属可以向加害人或者受害人所在单位、居民委员会、村民委员会、妇女联合会等单位投诉、反映或者求助。",
        ),
        "window": "一楼D区6号窗口（妇联）",
        "phone": "35",
        "base": "idcard",
        "themes": "婚姻家庭",
        "items": """
妇女儿童权益维护求助|Help in protecting the rights of women and children|公共|7|3|free|受理回执|form|家暴求助 家庭暴力 妇女维权|300
“两癌”困难妇女救助申请|Aid for women with breast or cervical cancer in hardship|给付|30|15|free|救助审批表|diagnosis,bank_card|两癌救助 乳腺癌救助|100
婚姻家庭纠纷调解|Mediation of marriage and family disputes|公共|30|15|free|调解协议|form|家庭矛盾调解 婚姻调解|200
""",
    },
    {
        "id": "minzong",
        "zh": "民族宗教",
        "en": "Ethnic and Religious Affairs",
        "body": "示范区民族宗教事务办公室",
        "law": (
            "《宗教事务条例》",
            "第二十一条 宗教活动场所经批准筹备并建设完工后，应当向所在地的县级人民政府宗教事务部门申请登记。",
        ),
        "window": "三楼F区2号窗口（民宗）",
        "phone": "36",
        "base": "idcard,form",
        "themes": "社会事务",
        "items": """
宗教活动场所登记|Registration of a venue for religious activities|许可|30|20|free|宗教活动场所登记证|site_plan,staff_list|宗教场所登记|20
少数民族身份证明开具|Certificate of ethnic identity|公共|5|1|free|民族成分证明|hukou|民族证明 少数民族证明|300
清真食品准营证核发|Licence for halal food business|许可|20|10|free|清真食品准营证|business_license,staff_list|清真认证 清真准营|50
""",
    },
    {
        "id": "youzheng",
        "zh": "邮政管理",
        "en": "Postal Administration",
        "body": "示范区邮政管理局",
        "law": ("《快递暂行条例》", "第十七条 经营快递业务，应当依法取得快递业务经营许可。"),
        "window": "三楼G区4号窗口（邮政）",
        "phone": "37",
        "base": "idcard,form",
        "themes": "企业经营",
        "items": """
快递业务经营许可|Express delivery business licence|许可|45|20|free|快递业务经营许可证|business_license,site_plan,safety_plan|开快递站 快递许可证|100
快递末端网点备案|Filing of an express delivery outlet|备案|5|1|free|备案回执|business_license,site_plan|快递驿站备案 菜鸟驿站备案|600
邮政业用户申诉受理|Complaints about postal and express services|其他|30|7|free|申诉受理告知|form|快递丢了投诉 快递投诉 快递损坏|1400
""",
    },
    {
        "id": "fagai",
        "zh": "发展改革",
        "en": "Development and Reform",
        "body": "示范区发展和改革委员会",
        "law": (
            "《企业投资项目核准和备案管理条例》",
            "第十三条 实行备案管理的项目，企业应当在开工建设前通过在线平台将有关信息告知备案机关。",
        ),
        "window": "三楼B区13—14号窗口（投资项目）",
        "phone": "38",
        "base": "idcard,form",
        "themes": "工程建设",
        "items": """
企业投资项目备案|Filing of an enterprise investment project|备案|5|1|free|项目备案证明|business_license,site_plan|项目备案 投资备案|500
企业投资项目核准|Approval of an enterprise investment project|许可|20|15|free|项目核准文件|business_license,site_plan,safety_plan|项目核准|50
固定资产投资项目节能审查|Energy review of a fixed-asset investment project|许可|20|10|free|节能审查意见|business_license,site_plan|节能审查 能评|100
价格认定申请|Application for price determination|确认|15|7|free|价格认定结论书|form|价格鉴定 财物估价|200
信用修复申请|Application for credit repair|确认|15|5|free|信用修复结果告知|business_license,legal_rep|信用修复 失信修复 移出失信名单|800
""",
    },
    {
        "id": "tiyu",
        "zh": "体育",
        "en": "Sport",
        "body": "示范区体育局",
        "law": (
            "《全民健身条例》",
            "第三十二条 经营高危险性体育项目，应当符合下列条件，并向县级以上地方人民政府体育主管部门提出申请。",
        ),
        "window": "三楼D区3号窗口（体育）",
        "phone": "39",
        "base": "idcard,form",
        "themes": "文化旅游",
        "items": """
经营高危险性体育项目许可（游泳）|Licence for high-risk sports (swimming)|许可|30|10|free|高危险性体育项目经营许可证|business_license,staff_list,safety_plan|开游泳馆 游泳池许可|100
经营高危险性体育项目许可（攀岩、滑雪）|Licence for high-risk sports (climbing, skiing)|许可|30|10|free|高危险性体育项目经营许可证|business_license,staff_list,safety_plan|攀岩馆许可 滑雪场许可|30
社会体育指导员技术等级认定|Grading of social sports instructors|确认|30|15|free|社会体育指导员证书|photo,staff_list|体育指导员证|100
""",
    },
]

# Further items of departments defined in ``demo_source``.
EXTRA_ITEMS: dict[str, str] = {
    "renshe": """
工伤保险待遇申领|Claiming work injury insurance benefits|给付|30|15|free|待遇核定表|diagnosis,medical_bills,bank_card|工伤报销 工伤待遇|1100
养老保险待遇资格认证|Annual confirmation of pension eligibility|公共|1|0|free|认证结果|form|养老金认证 退休人员认证 刷脸认证|8800
死亡人员丧葬补助金和抚恤金申领|Funeral grant and survivors' pension|给付|30|15|free|待遇核定表|death_proof,relation_proof,bank_card|丧葬费 抚恤金 老人去世领钱|1700
高校毕业生就业见习补贴|Internship subsidy for graduates|给付|30|15|free|补贴发放通知|school_proof,labour_contract|见习补贴 毕业生补贴|500
人力资源服务许可|Licence for human resources services|许可|20|10|free|人力资源服务许可证|business_license,staff_list,lease|职业中介许可 人力资源公司|100
""",
    "yibao": """
长期护理保险待遇申请|Long-term care insurance benefits|给付|30|15|free|失能等级评估结论|diagnosis,bank_card|长护险 失能护理|900
职工医保个人账户家庭共济绑定|Sharing an employee's medical account with family|公共|1|0|free|绑定回执|relation_proof|医保家庭共济 医保给家人用|2100
定点医药机构申请|Application to become a designated medical institution|确认|90|60|free|医保服务协议|business_license,staff_list|医保定点 药店医保定点|100
""",
    "minzheng": """
涉外婚姻登记|Marriage registration involving a foreign national|确认|1|0|free|结婚证|travel_doc,photo,form|和外国人结婚 涉外结婚|200
孤儿基本生活费申领|Basic living costs for orphans|给付|30|15|free|发放通知|death_proof,bank_card|孤儿补助 事实无人抚养儿童|60
地名命名更名审批|Naming or renaming a place|许可|60|30|free|批复文件|site_plan|小区命名 道路命名|30
""",
    "shichang": """
特种设备使用登记|Registration of special equipment in use|确认|15|5|free|特种设备使用登记证|business_license,safety_plan|电梯登记 锅炉登记 叉车登记|900
计量器具强制检定|Compulsory verification of measuring instruments|公共|20|10|free|检定证书|business_license|电子秤检定 加油机检定|600
广告发布登记|Registration of advertising publication|确认|10|5|free|广告发布登记证|business_license,staff_list|广告登记|50
""",
    "gongan": """
犬只登记|Dog registration|确认|10|1|free|犬只登记证|household_proof,photo|养狗登记 办狗证 狗证|1600
剧毒化学品购买许可|Licence to buy highly toxic chemicals|许可|3|1|free|剧毒化学品购买许可证|business_license,safety_plan|购买剧毒化学品|20
旅馆业特种行业许可|Special trade licence for hotels|许可|20|10|free|特种行业许可证|business_license,site_plan,safety_plan|开宾馆 旅馆许可 民宿许可|200
公章刻制备案|Filing of a new company seal|备案|1|0|free|印章备案回执|business_license,legal_rep|刻章 刻公章 印章备案|4100
大型群众性活动安全许可|Safety licence for large public events|许可|7|5|free|安全许可决定书|business_license,safety_plan,site_plan|大型活动审批 演唱会安全许可|80
""",
    "jiaoguan": """
机动车驾驶证审验|Periodic review of a driving licence|确认|1|0|free|审验记录|driving_license|驾驶证审验 驾照审验 记满12分|1900
机动车抵押登记|Mortgage registration of a motor vehicle|确认|1|0|free|机动车登记证书（抵押）|vehicle_license,loan_contract|车辆抵押 车贷抵押 解除抵押|2400
临时号牌核发|Temporary number plates|许可|1|0|free|临时行驶车号牌|sale_contract|临时牌照 临牌|3800
机动车注销登记（报废）|Deregistration of a scrapped vehicle|确认|1|0|free|机动车注销证明书|vehicle_license|车辆报废 报废车注销|1200
""",
    "budongchan": """
不动产查封登记信息查询|Query of seizure registrations on real estate|公共|1|0|free|查询结果|property_cert|房子被查封 查封查询|300
地役权登记|Registration of an easement|确认|30|10|estate_other|不动产登记证明|property_cert,sale_contract|地役权|20
""",
    "gongjijin": """
住房公积金个人账户合并|Merging provident fund accounts|公共|5|1|free|合并结果|form|公积金账户合并 两个公积金账户|1300
提前偿还住房公积金贷款|Early repayment of a provident fund loan|公共|3|1|free|还款凭证|loan_contract,bank_card|提前还公积金贷款|2200
""",
    "jiaoyu": """
中等职业学校学生资助申请|Aid for secondary vocational students|给付|30|15|free|资助发放通知|school_proof,bank_card|中职补助 职校免学费|300
幼儿园入园登记|Kindergarten enrolment registration|公共|30|15|free|入园通知|birth_cert,household_proof|上幼儿园 幼儿园报名|4100
""",
    "weijian": """
计划生育家庭特别扶助金申领|Special support for family-planning households|给付|30|20|free|扶助金发放通知|relation_proof,bank_card|失独家庭扶助 特扶金|200
母婴保健技术服务执业许可|Licence for maternal and infant health services|许可|20|10|free|母婴保健技术服务执业许可证|staff_list,site_plan|母婴保健许可|20
""",
    "canlian": """
残疾人就业创业扶持申请|Employment and start-up support for disabled people|给付|30|15|free|扶持审批表|disability_cert,business_license|残疾人创业补贴|200
残疾人家庭无障碍改造申请|Accessibility adaptation of a disabled person's home|给付|30|20|free|改造审批表|disability_cert,property_cert|无障碍改造 家里装扶手|300
""",
}

# Legal bases of items whose department's default law does not apply (title, clause summary).
ITEM_LAWS: dict[str, tuple[str, str]] = {
    "出生登记": (
        "《中华人民共和国户口登记条例》",
        "第七条 婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。",
    ),
    "死亡注销户口": (
        "《中华人民共和国户口登记条例》",
        "第八条 关于公民死亡后申报死亡登记、注销户口的规定。",
    ),
    "户口迁入（投靠亲属）": (
        "《中华人民共和国户口登记条例》",
        "第十三条 关于公民迁移，由本人或者户主向迁入地户口登记机关申报迁入登记的规定。",
    ),
    "户口迁出": (
        "《中华人民共和国户口登记条例》",
        "第十条 公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记，领取迁移证件，注销户口。",
    ),
    "居住证申领": (
        "《居住证暂行条例》",
        "关于公民离开常住户口所在地，到其他城市居住半年以上，符合条件的可以申领居住证的规定。",
    ),
    "居住证签注": ("《居住证暂行条例》", "关于居住证每年签注一次的规定。"),
    "居住登记": ("《居住证暂行条例》", "关于公民到其他城市居住应当办理居住登记的规定。"),
    "无犯罪记录证明开具": (
        "《公安机关办理犯罪记录查询工作规定》",
        "关于公安机关受理个人查询本人犯罪记录并出具查询结果的规定。",
    ),
    "犬只登记": ("《示范市养犬管理规定》", "关于养犬人应当为犬只办理登记的规定（地方性法规）。"),
    "旅馆业特种行业许可": (
        "《旅馆业治安管理办法》",
        "关于开办旅馆须经公安机关审查批准、领取特种行业许可证的规定。",
    ),
    "公章刻制备案": ("《印铸刻字业暂行管理规则》", "关于刻制公章须经公安机关备案的规定。"),
    "剧毒化学品购买许可": (
        "《危险化学品安全管理条例》",
        "关于购买剧毒化学品应当向公安机关申请取得购买许可证的规定。",
    ),
    "大型群众性活动安全许可": (
        "《大型群众性活动安全管理条例》",
        "关于举办大型群众性活动应当经公安机关安全许可的规定。",
    ),
    "失业保险金申领": ("《失业保险条例》", "第十四条 关于领取失业保险金应当具备的条件的规定。"),
    "就业失业登记": (
        "《中华人民共和国就业促进法》",
        "关于公共就业服务机构为劳动者办理就业、失业登记的规定。",
    ),
    "工伤认定申请": ("《工伤保险条例》", "第十七条 关于职工发生事故伤害后提出工伤认定申请的规定。"),
    "工伤保险待遇申领": ("《工伤保险条例》", "第五章 关于工伤保险待遇的规定。"),
    "劳动人事争议仲裁申请": (
        "《中华人民共和国劳动争议调解仲裁法》",
        "第二十七条 劳动争议申请仲裁的时效期间为一年。",
    ),
    "最低生活保障申请": ("《社会救助暂行办法》", "第二章 关于最低生活保障的规定。"),
    "特困人员救助供养申请": ("《社会救助暂行办法》", "第三章 关于特困人员供养的规定。"),
    "临时救助申请": ("《社会救助暂行办法》", "第十章 关于临时救助的规定。"),
    "社会团体成立登记": (
        "《社会团体登记管理条例》",
        "关于成立社会团体应当经登记管理机关登记的规定。",
    ),
    "收养登记": (
        "《中华人民共和国民法典》",
        "第一千一百零五条 收养应当向县级以上人民政府民政部门登记。收养关系自登记之日起成立。",
    ),
    "食品经营许可": ("《中华人民共和国食品安全法》", "第三十五条 国家对食品生产经营实行许可制度。"),
    "药品零售经营许可": (
        "《中华人民共和国药品管理法》",
        "关于从事药品零售活动应当经所在地县级以上地方人民政府药品监督管理部门批准、取得药品经营许可证的规定。",
    ),
    "特种设备使用登记": (
        "《中华人民共和国特种设备安全法》",
        "第三十三条 关于特种设备使用单位应当办理使用登记的规定。",
    ),
    "计量器具强制检定": (
        "《中华人民共和国计量法》",
        "关于用于贸易结算等的工作计量器具实行强制检定的规定。",
    ),
    "消费者投诉举报受理": (
        "《中华人民共和国消费者权益保护法》",
        "关于消费者可以向有关行政部门投诉的规定。",
    ),
    "个人所得税综合所得汇算清缴": (
        "《中华人民共和国个人所得税法》",
        "关于居民个人取得综合所得需要办理汇算清缴的规定。",
    ),
    "个人房屋转让契税申报": (
        "《中华人民共和国契税法》",
        "关于在境内转移土地、房屋权属，承受的单位和个人为契税纳税人的规定。",
    ),
    "车辆购置税申报": (
        "《中华人民共和国车辆购置税法》",
        "关于购置应税车辆的单位和个人为车辆购置税纳税人的规定。",
    ),
    "发票领用": (
        "《中华人民共和国发票管理办法》",
        "关于需要领用发票的单位和个人向主管税务机关办理发票领用手续的规定。",
    ),
    "医师执业注册": (
        "《中华人民共和国医师法》",
        "关于取得医师资格的，可以向所在地县级以上卫生健康主管部门申请注册的规定。",
    ),
    "护士执业注册": ("《护士条例》", "关于护士执业应当经执业注册取得护士执业证书的规定。"),
    "公共场所卫生许可": (
        "《公共场所卫生管理条例》",
        "关于公共场所经营单位应当取得卫生许可证的规定。",
    ),
    "医疗机构执业登记（诊所备案）": ("《医疗机构管理条例》", "关于诊所实行备案管理的规定。"),
    "网络预约出租汽车驾驶员证申请": (
        "《网络预约出租汽车经营服务管理暂行办法》",
        "关于从事网约车服务的驾驶员应当取得网络预约出租汽车驾驶员证的规定。",
    ),
    "网络预约出租汽车运输证申请": (
        "《网络预约出租汽车经营服务管理暂行办法》",
        "关于拟从事网约车经营的车辆应当取得网络预约出租汽车运输证的规定。",
    ),
    "教师资格认定": ("《教师资格条例》", "关于中国公民申请认定教师资格的规定。"),
    "公共租赁住房申请": ("《公共租赁住房管理办法》", "关于申请公共租赁住房应当符合的条件的规定。"),
    "建筑工程施工许可": (
        "《中华人民共和国建筑法》",
        "第七条 建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。",
    ),
    "法律援助申请": (
        "《中华人民共和国法律援助法》",
        "第三十一条 关于当事人因经济困难没有委托代理人的，可以向法律援助机构申请法律援助的事项范围的规定。",
    ),
    "人民调解申请": ("《中华人民共和国人民调解法》", "关于人民调解委员会调解民间纠纷的规定。"),
    "公证办理（学历、出生、亲属关系）": (
        "《中华人民共和国公证法》",
        "关于公证机构根据自然人、法人或者其他组织的申请办理公证的规定。",
    ),
}
